package dev.holdfast.posix;

import static dev.holdfast.posix.Consts.AT_FDCWD;
import static dev.holdfast.posix.Consts.O_CLOEXEC;
import static dev.holdfast.posix.Consts.O_DIRECTORY;
import static dev.holdfast.posix.Consts.O_PATH;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Paths longer than the kernel's PATH_MAX (4096 bytes with the NUL). A short path goes to the
 * {@code *at} calls as it is, relative to AT_FDCWD. A long one is walked: its leading directories
 * are opened with O_PATH, a piece of at most {@link #PIECE} bytes at a time, and the call gets the
 * last directory's descriptor and the rest of the path. Errors name the whole path.
 */
final class LongPaths {
    static final int PATH_MAX = 4096;
    /** Longest relative rest; leaves room for a "/proc/self/fd/N/" prefix within PATH_MAX. */
    static final int PIECE = 4000;

    private LongPaths() {}

    /** A system call on (directory descriptor, relative path). */
    interface AtCall<T> {
        T apply(int dirFd, byte[] rel) throws PosixException;
    }

    /** Runs call on path, resolving a long path piece by piece. */
    static <T> T at(byte[] path, String call, AtCall<T> f) throws PosixException {
        if (path.length < PATH_MAX) return f.apply(AT_FDCWD, path);
        int[] fd = {AT_FDCWD};
        try {
            byte[] rel = openParents(path, call, fd);
            return f.apply(fd[0], rel);
        } catch (PosixException e) {
            throw Errors.of(call, e.errno(), path);
        } finally {
            if (fd[0] != AT_FDCWD) Io.closeQuietly(fd[0]);
        }
    }

    /** The same for calls that return nothing. */
    static void run(byte[] path, String call, AtCall<Void> f) throws PosixException {
        at(path, call, f);
    }

    /**
     * For calls that only take a path (the l*xattr family): the path itself when short, else
     * {@code /proc/self/fd/<dir>/<rest>}, with the directory held open while f runs.
     */
    static <T> T viaProc(byte[] path, String call, AtCall<T> f) throws PosixException {
        return at(path, call, (dirFd, rel) -> {
            if (dirFd == AT_FDCWD) return f.apply(AT_FDCWD, rel);
            byte[] prefix = ("/proc/self/fd/" + dirFd + "/").getBytes(StandardCharsets.US_ASCII);
            byte[] p = Arrays.copyOf(prefix, prefix.length + rel.length);
            System.arraycopy(rel, 0, p, prefix.length, rel.length);
            return f.apply(AT_FDCWD, p);
        });
    }

    /** Opens the directories of a long path down to a rest of at most PIECE bytes; fd[0] holds the last. */
    private static byte[] openParents(byte[] path, String call, int[] fd) throws PosixException {
        int start = 0;
        while (path.length - start > PIECE) {
            int cut = -1;
            for (int i = start + PIECE - 1; i > start; i--) {
                if (path[i] == '/') {
                    cut = i;
                    break;
                }
            }
            if (cut < 0) throw Errors.of(call, Errno.ENAMETOOLONG, path); // a single name over PIECE bytes
            byte[] piece = Arrays.copyOfRange(path, start, cut);
            if (piece.length == 0) piece = new byte[] {'/'};
            int next = Io.openAt(call, fd[0], piece, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
            if (fd[0] != AT_FDCWD) Io.closeQuietly(fd[0]);
            fd[0] = next;
            start = cut + 1;
        }
        return Arrays.copyOfRange(path, start, path.length);
    }
}
