package dev.holdfast.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc functions this package calls, bound once as method handles. Handles whose name starts
 * with a verb take a leading capture segment (see {@link Scratch#errno}) into which the linker
 * stores errno right after the call, so nothing the JVM does in between can clobber it.
 */
final class Libc {
    private Libc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    // Handles are grouped in holder classes, each initialised on first use, so a process pays
    // for binding (a few milliseconds per signature) only the calls it makes.

    // walking and reading: stat, open, read, seek, directories, symlink targets
    static final MethodHandle STATX = errnoCall("statx", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
    static final MethodHandle OPENAT = errnoCall("openat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(3));
    static final MethodHandle CLOSE = errnoCall("close", JAVA_INT, JAVA_INT);
    static final MethodHandle READ = errnoCall("read", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle PREAD = errnoCall("pread", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    static final MethodHandle LSEEK = errnoCall("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    static final MethodHandle FCNTL = errnoCall("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    /** syscall(SYS_cachestat, fd, range, result, flags). */
    static final MethodHandle CACHESTAT = errnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(1));
    /** posix_fadvise returns the error number instead of setting errno. */
    static final MethodHandle POSIX_FADVISE = plain("posix_fadvise", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    /** getdents64(fd, buf, size), or null before glibc 2.30 (then {@link Fallback#SYSCALL3}). */
    static final MethodHandle GETDENTS64 = optional("getdents64", true, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    static final MethodHandle READLINKAT = errnoCall("readlinkat", JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);

    /** Calls used only when the preferred ones are missing. */
    static final class Fallback {
        private Fallback() {}

        /** fstatat(2), or null when libc only exports the old __fxstatat (glibc before 2.33). */
        static final MethodHandle FSTATAT = optional("fstatat", true, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle SYSCALL3 = errnoCall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    }

    /** Writing data and creating or changing directory entries (restore). */
    static final class Write {
        private Write() {}

        static final MethodHandle PWRITE = errnoCall("pwrite", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        static final MethodHandle FTRUNCATE = errnoCall("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final MethodHandle FSYNC = errnoCall("fsync", JAVA_INT, JAVA_INT);
        static final MethodHandle SYMLINKAT = errnoCall("symlinkat", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        static final MethodHandle LINKAT = errnoCall("linkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle MKDIRAT = errnoCall("mkdirat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        /** mknodat(2), or null before glibc 2.33 (then mknod reports ENOSYS). */
        static final MethodHandle MKNODAT = optional("mknodat", true, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG);
        static final MethodHandle UNLINKAT = errnoCall("unlinkat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
        static final MethodHandle FCHOWNAT = errnoCall("fchownat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle FCHMODAT = errnoCall("fchmodat", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        static final MethodHandle UTIMENSAT = errnoCall("utimensat", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
        static final MethodHandle FCHOWN = errnoCall("fchown", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle FCHMOD = errnoCall("fchmod", JAVA_INT, JAVA_INT, JAVA_INT);
        static final MethodHandle FUTIMENS = errnoCall("futimens", JAVA_INT, JAVA_INT, ADDRESS);
    }

    /** Extended attributes of the path itself. */
    static final class Xattr {
        private Xattr() {}

        static final MethodHandle LLISTXATTR = errnoCall("llistxattr", JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
        static final MethodHandle LGETXATTR = errnoCall("lgetxattr", JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
        static final MethodHandle LSETXATTR = errnoCall("lsetxattr", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT);
    }

    /** Users and groups: the *_r functions return the error number instead of setting errno. */
    static final class Ids {
        private Ids() {}

        static final MethodHandle GETPWUID_R = plain("getpwuid_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle GETGRGID_R = plain("getgrgid_r", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle GETPWNAM_R = plain("getpwnam_r", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle GETGRNAM_R = plain("getgrnam_r", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
        static final MethodHandle GETEUID = plain("geteuid", JAVA_INT);
    }

    /** Error texts. */
    static final class Text {
        private Text() {}

        /** strerrordesc_np (glibc 2.32+): untranslated and thread-safe; else {@link #STRERROR}. */
        static final MethodHandle STRERRORDESC_NP = optional("strerrordesc_np", false, ADDRESS, JAVA_INT);
        static final MethodHandle STRERRORNAME_NP = optional("strerrorname_np", false, ADDRESS, JAVA_INT);
        static final MethodHandle STRERROR = plain("strerror", ADDRESS, JAVA_INT);
    }

    /** The errno captured by the last call that used this capture segment. */
    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** Turns a Throwable from invokeExact into an unchecked error: downcalls throw none normally. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle errnoCall(String name, MemoryLayout ret,
                                          MemoryLayout... args) {
        return errnoCall(name, FunctionDescriptor.of(ret, args));
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = CAPTURE;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol(name), fd, options);
    }

    private static MethodHandle plain(String name, MemoryLayout ret,
                                      MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(ret, args));
    }

    /** A handle for a symbol that older C libraries lack, or null. */
    private static MethodHandle optional(String name, boolean captureErrno, MemoryLayout ret,
                                         MemoryLayout... args) {
        Optional<MemorySegment> sym = LIBC.find(name);
        if (sym.isEmpty()) return null;
        FunctionDescriptor fd = FunctionDescriptor.of(ret, args);
        return captureErrno ? LINKER.downcallHandle(sym.get(), fd, CAPTURE) : LINKER.downcallHandle(sym.get(), fd);
    }
}
