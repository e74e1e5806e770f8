package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;

import static dev.holdfast.posix.Consts.AT_EMPTY_PATH;
import static dev.holdfast.posix.Consts.AT_FDCWD;
import static dev.holdfast.posix.Consts.AT_SYMLINK_NOFOLLOW;
import static dev.holdfast.posix.Consts.STATX_BASIC_STATS;

/**
 * lstat and fstat through statx(2), which has one struct layout on every architecture. When the
 * kernel lacks statx (ENOSYS) or a seccomp filter refuses it (EPERM), falls back for good to
 * fstatat(2), whose struct layout is known for x86_64 and the asm-generic architectures.
 */
final class Stats {
    private Stats() {}

    /** Whether this package knows struct stat here (checked before touching the fallback handle). */
    private static final boolean LAYOUT_KNOWN =
            Consts.X86_64 || Consts.ARCH.equals("aarch64") || Consts.ARCH.equals("riscv64");
    private static final byte[] EMPTY = new byte[0];

    private static volatile boolean useStatx = true;

    static Stat lstatAt(int dirFd, byte[] path, String call) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = s.path(0, path);
        if (p == null) throw Errors.nulInPath(call, path);
        Stat st = statAt(s, dirFd, p, AT_SYMLINK_NOFOLLOW);
        if (st == null) throw Errors.of(call, s.lastErrno, path);
        return st;
    }

    static Stat fstat(int fd) throws PosixException {
        Scratch s = Scratch.get();
        Stat st = statAt(s, fd, s.path(0, EMPTY), AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
        if (st == null) throw Errors.ofFd("fstat", s.lastErrno, fd);
        return st;
    }

    /** Forces the fstatat fallback (or back to statx); for tests. */
    static void useStatx(boolean on) {
        useStatx = on || !fallbackUsable();
    }

    /** The stat of p relative to dirFd, or null with s.lastErrno set. */
    static Stat statAt(Scratch s, int dirFd, MemorySegment p, int flags) {
        if (!useStatx) return fstatat(s, dirFd, p, flags);
        int r;
        try {
            r = (int) Libc.STATX.invokeExact(s.errno, dirFd, p, flags, STATX_BASIC_STATS, s.stat);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r == 0) return StatDecoder.statx(s.stat);
        int e = Libc.errno(s.errno);
        if ((e != Errno.ENOSYS && e != Errno.EPERM) || !fallbackUsable()) {
            s.lastErrno = e;
            return null;
        }
        Stat st = fstatat(s, dirFd, p, flags);
        if (st != null || e == Errno.ENOSYS) useStatx = false;
        return st;
    }

    private static boolean fallbackUsable() {
        return LAYOUT_KNOWN && Libc.Fallback.FSTATAT != null;
    }

    private static Stat fstatat(Scratch s, int dirFd, MemorySegment p, int flags) {
        int r;
        try {
            r = (int) Libc.Fallback.FSTATAT.invokeExact(s.errno, dirFd, p, s.stat, flags);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r == 0) return StatDecoder.stat(s.stat);
        s.lastErrno = Libc.errno(s.errno);
        return null;
    }
}
