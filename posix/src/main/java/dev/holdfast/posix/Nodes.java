package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;

import static dev.holdfast.posix.Consts.AT_SYMLINK_NOFOLLOW;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Creating, removing and changing directory entries: links, nodes, owners, modes and times. */
final class Nodes {
    private Nodes() {}

    private static final int AT_REMOVEDIR = 0x200;
    private static final long MAX_LINK = 1L << 24;

    static byte[] readlink(int dirFd, byte[] path) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = path(s, 0, "readlink", path);
        for (long size = 4096; ; size *= 2) {
            MemorySegment buf = s.dataExact(size);
            long n;
            try {
                n = (long) Libc.READLINKAT.invokeExact(s.errno, dirFd, p, buf, size);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n < 0) throw Errors.of("readlink", Libc.errno(s.errno), path);
            if (n < size) return buf.asSlice(0, n).toArray(JAVA_BYTE);
            if (size >= MAX_LINK) throw Errors.of("readlink", Errno.ENAMETOOLONG, path);
        }
    }

    static void symlink(byte[] target, int dirFd, byte[] linkPath) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment t = path(s, 0, "symlink", target);
        MemorySegment l = path(s, 1, "symlink", linkPath);
        int r;
        try {
            r = (int) Libc.Write.SYMLINKAT.invokeExact(s.errno, t, dirFd, l);
        } catch (Throwable e) {
            throw Libc.rethrow(e);
        }
        if (r != 0) throw Errors.of("symlink", Libc.errno(s.errno), linkPath, target);
    }

    static void link(int fromFd, byte[] existing, int toFd, byte[] newPath) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment a = path(s, 0, "link", existing);
        MemorySegment b = path(s, 1, "link", newPath);
        int r;
        try {
            r = (int) Libc.Write.LINKAT.invokeExact(s.errno, fromFd, a, toFd, b, 0);
        } catch (Throwable e) {
            throw Libc.rethrow(e);
        }
        if (r != 0) throw Errors.of("link", Libc.errno(s.errno), existing, newPath);
    }

    static void mkdir(int dirFd, byte[] path, int mode) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = path(s, 0, "mkdir", path);
        int r;
        try {
            r = (int) Libc.Write.MKDIRAT.invokeExact(s.errno, dirFd, p, mode);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "mkdir", path);
    }

    static void mknod(int dirFd, byte[] path, int mode, long dev) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = path(s, 0, "mknod", path);
        if (Libc.Write.MKNODAT == null) throw Errors.of("mknod", Errno.ENOSYS, path);
        int r;
        try {
            r = (int) Libc.Write.MKNODAT.invokeExact(s.errno, dirFd, p, mode, dev);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "mknod", path);
    }

    static void unlink(int dirFd, byte[] path, boolean directory) throws PosixException {
        Scratch s = Scratch.get();
        String call = directory ? "rmdir" : "unlink";
        MemorySegment p = path(s, 0, call, path);
        int r;
        try {
            r = (int) Libc.Write.UNLINKAT.invokeExact(s.errno, dirFd, p, directory ? AT_REMOVEDIR : 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, call, path);
    }

    static void lchown(int dirFd, byte[] path, int uid, int gid) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = path(s, 0, "lchown", path);
        int r;
        try {
            r = (int) Libc.Write.FCHOWNAT.invokeExact(s.errno, dirFd, p, uid, gid, AT_SYMLINK_NOFOLLOW);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "lchown", path);
    }

    /**
     * fchmodat with AT_SYMLINK_NOFOLLOW, so a symlink swapped in cannot redirect the change.
     * When libc cannot honour the flag (no fchmodat2 and no /proc) it reports EOPNOTSUPP; then,
     * if the path is not a symlink, a plain chmod is done.
     */
    static void chmod(int dirFd, byte[] path, int mode) throws PosixException {
        Scratch s = Scratch.get();
        if (fchmodat(s, dirFd, path, mode, AT_SYMLINK_NOFOLLOW) == 0) return;
        int e = Libc.errno(s.errno);
        if (e == Errno.EOPNOTSUPP && !Stats.lstatAt(dirFd, path, "chmod").isSymlink()) {
            if (fchmodat(s, dirFd, path, mode, 0) == 0) return;
            e = Libc.errno(s.errno);
        }
        throw Errors.of("chmod", e, path);
    }

    private static int fchmodat(Scratch s, int dirFd, byte[] path, int mode, int flags) throws PosixException {
        MemorySegment p = path(s, 0, "chmod", path);
        try {
            return (int) Libc.Write.FCHMODAT.invokeExact(s.errno, dirFd, p, mode, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    static void utimens(int dirFd, byte[] path, long atimeNs, long mtimeNs) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = path(s, 0, "utimensat", path);
        MemorySegment times = s.stat; // struct timespec[2]: {s64 tv_sec; s64 tv_nsec} x 2
        times.set(JAVA_LONG, 0, Math.floorDiv(atimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 8, Math.floorMod(atimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 16, Math.floorDiv(mtimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 24, Math.floorMod(mtimeNs, 1_000_000_000L));
        int r;
        try {
            r = (int) Libc.Write.UTIMENSAT.invokeExact(s.errno, dirFd, p, times, AT_SYMLINK_NOFOLLOW);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "utimensat", path);
    }

    static MemorySegment path(Scratch s, int slot, String call, byte[] path) throws PosixException {
        MemorySegment p = s.path(slot, path);
        if (p == null) throw Errors.nulInPath(call, path);
        return p;
    }

    /** fchown(2) of an open file; path only names it in errors. */
    static void fchown(int fd, int uid, int gid, byte[] path) throws PosixException {
        Scratch s = Scratch.get();
        int r;
        try {
            r = (int) Libc.Write.FCHOWN.invokeExact(s.errno, fd, uid, gid);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "fchown", path);
    }

    /** fchmod(2) of an open file; path only names it in errors. */
    static void fchmod(int fd, int mode, byte[] path) throws PosixException {
        Scratch s = Scratch.get();
        int r;
        try {
            r = (int) Libc.Write.FCHMOD.invokeExact(s.errno, fd, mode);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "fchmod", path);
    }

    /** futimens(3) with nanoseconds; path only names it in errors. */
    static void futimens(int fd, long atimeNs, long mtimeNs, byte[] path) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment times = s.stat;
        times.set(JAVA_LONG, 0, Math.floorDiv(atimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 8, Math.floorMod(atimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 16, Math.floorDiv(mtimeNs, 1_000_000_000L));
        times.set(JAVA_LONG, 24, Math.floorMod(mtimeNs, 1_000_000_000L));
        int r;
        try {
            r = (int) Libc.Write.FUTIMENS.invokeExact(s.errno, fd, times);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        check(r, s, "futimens", path);
    }

    private static void check(int r, Scratch s, String call, byte[] path) throws PosixException {
        if (r != 0) throw Errors.of(call, Libc.errno(s.errno), path);
    }
}
