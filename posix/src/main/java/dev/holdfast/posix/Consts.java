package dev.holdfast.posix;

import java.util.Locale;

/**
 * Linux constants whose values depend on the CPU architecture, plus the architecture-independent
 * ones this package passes to the kernel. Supported: x86_64 and the asm-generic layouts (aarch64,
 * riscv64); open(2) flags differ on arm/aarch64.
 */
final class Consts {
    private Consts() {}

    static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    static final boolean X86_64 = ARCH.equals("amd64") || ARCH.equals("x86_64");
    static final boolean ARM = ARCH.equals("aarch64") || ARCH.equals("arm64") || ARCH.startsWith("arm");

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_BASIC_STATS = 0x7ff;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    static final int O_NONBLOCK = 04000;
    static final int O_NOATIME = 01000000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_DIRECT = ARM ? 0200000 : 040000;

    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;

    /** getdents64 syscall number, used only when libc lacks the getdents64 wrapper. */
    static final long SYS_GETDENTS64 = X86_64 ? 217 : 61;
    /** cachestat syscall number (Linux 6.5+; the same on x86_64 and asm-generic); libc has no wrapper. */
    static final long SYS_CACHESTAT = 451;

    static final int POSIX_FADV_DONTNEED = 4;
}
