package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Decodes the kernel's stat structures. struct statx has one layout on every architecture;
 * struct stat (the fallback when statx is unavailable) differs between x86_64 and the
 * asm-generic architectures (aarch64, riscv64), though both keep the times at offsets 72..119.
 */
final class StatDecoder {
    private StatDecoder() {}

    static Stat statx(MemorySegment b) {
        int nlink = b.get(JAVA_INT_UNALIGNED, 16);
        int uid = b.get(JAVA_INT_UNALIGNED, 20);
        int gid = b.get(JAVA_INT_UNALIGNED, 24);
        int mode = b.get(JAVA_SHORT_UNALIGNED, 28) & 0xffff;
        long ino = b.get(JAVA_LONG_UNALIGNED, 32);
        long size = b.get(JAVA_LONG_UNALIGNED, 40);
        long blocks = b.get(JAVA_LONG_UNALIGNED, 48);
        long atime = statxTime(b, 64);
        long ctime = statxTime(b, 96);
        long mtime = statxTime(b, 112);
        long rdev = makedev(b.get(JAVA_INT_UNALIGNED, 128), b.get(JAVA_INT_UNALIGNED, 132));
        long dev = makedev(b.get(JAVA_INT_UNALIGNED, 136), b.get(JAVA_INT_UNALIGNED, 140));
        return new Stat(dev, ino, mode, Integer.toUnsignedLong(nlink), uid, gid, rdev, size, blocks,
                atime, mtime, ctime);
    }

    /** struct statx_timestamp: s64 tv_sec, u32 tv_nsec. */
    private static long statxTime(MemorySegment b, long off) {
        return b.get(JAVA_LONG_UNALIGNED, off) * 1_000_000_000L
                + Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, off + 8));
    }

    /** struct stat as filled by fstatat(2) on this architecture. */
    static Stat stat(MemorySegment b) {
        long dev = b.get(JAVA_LONG_UNALIGNED, 0);
        long ino = b.get(JAVA_LONG_UNALIGNED, 8);
        long nlink;
        int mode, uid, gid;
        long rdev;
        if (Consts.X86_64) {
            nlink = b.get(JAVA_LONG_UNALIGNED, 16);
            mode = b.get(JAVA_INT_UNALIGNED, 24);
            uid = b.get(JAVA_INT_UNALIGNED, 28);
            gid = b.get(JAVA_INT_UNALIGNED, 32);
            rdev = b.get(JAVA_LONG_UNALIGNED, 40);
        } else {
            mode = b.get(JAVA_INT_UNALIGNED, 16);
            nlink = Integer.toUnsignedLong(b.get(JAVA_INT_UNALIGNED, 20));
            uid = b.get(JAVA_INT_UNALIGNED, 24);
            gid = b.get(JAVA_INT_UNALIGNED, 28);
            rdev = b.get(JAVA_LONG_UNALIGNED, 32);
        }
        long size = b.get(JAVA_LONG_UNALIGNED, 48);
        long blocks = b.get(JAVA_LONG_UNALIGNED, 64);
        return new Stat(dev, ino, mode, nlink, uid, gid, rdev, size, blocks,
                timespec(b, 72), timespec(b, 88), timespec(b, 104));
    }

    private static long timespec(MemorySegment b, long off) {
        return b.get(JAVA_LONG_UNALIGNED, off) * 1_000_000_000L + b.get(JAVA_LONG_UNALIGNED, off + 8);
    }

    /** glibc's makedev: the dev_t encoding of a major/minor pair. */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major), mi = Integer.toUnsignedLong(minor);
        return ((ma & 0x00000fffL) << 8) | ((ma & 0xfffff000L) << 32)
                | (mi & 0x000000ffL) | ((mi & 0xffffff00L) << 12);
    }

    static int major(long dev) {
        return (int) (((dev >>> 8) & 0x00000fffL) | ((dev >>> 32) & 0xfffff000L));
    }

    static int minor(long dev) {
        return (int) ((dev & 0x000000ffL) | ((dev >>> 12) & 0xffffff00L));
    }
}
