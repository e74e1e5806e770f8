package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Builds {@link PosixException}s: symbolic errno names and the C library's descriptions. */
final class Errors {
    private Errors() {}

    /** Linux errno names by number (the same on x86_64 and the asm-generic architectures). */
    private static final String[] NAMES = (
            "- EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES "
            + "EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY "
            + "ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK "
            + "ENOSYS ENOTEMPTY ELOOP - ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH "
            + "ENOCSI EL2HLT EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT - EBFONT ENOSTR ENODATA ETIME "
            + "ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG "
            + "EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ "
            + "ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT "
            + "EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE "
            + "EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN "
            + "ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY "
            + "EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM "
            + "EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD "
            + "ENOTRECOVERABLE ERFKILL EHWPOISON").split(" ");

    /** The symbolic name of errno, e.g. "ENOENT", or "errno N" when unknown. */
    static String name(int errno) {
        if (errno > 0 && errno < NAMES.length && !NAMES[errno].equals("-")) return NAMES[errno];
        return "errno " + errno;
    }

    /** e.g. "ENOENT (No such file or directory)". */
    static String describe(int errno) {
        String text = description(errno);
        return text == null || text.isEmpty() ? name(errno) : name(errno) + " (" + text + ")";
    }

    static PosixException of(String call, int errno, byte[] path) {
        return new PosixException(call, errno, describe(errno), PathText.render(path));
    }

    /** For calls on two paths (link, symlink): renders "from -> to". */
    static PosixException of(String call, int errno, byte[] from, byte[] to) {
        return new PosixException(call, errno, describe(errno),
                PathText.render(from) + " -> " + PathText.render(to));
    }

    /** For attribute calls: renders "path [name]". */
    static PosixException ofXattr(String call, int errno, byte[] path, byte[] name) {
        return new PosixException(call, errno, describe(errno),
                PathText.render(path) + " [" + PathText.render(name) + "]");
    }

    static PosixException ofFd(String call, int errno, int fd) {
        return new PosixException(call, errno, describe(errno), "fd " + fd);
    }

    /** A path holding a NUL byte cannot be passed to the kernel. */
    static PosixException nulInPath(String call, byte[] path) {
        return of(call, Errno.EINVAL, path);
    }

    /** libc's own name for errno (strerrorname_np), or null when libc lacks it. For tests. */
    static String libcName(int errno) {
        return cString(Libc.Text.STRERRORNAME_NP, errno);
    }

    private static String description(int errno) {
        String s = cString(Libc.Text.STRERRORDESC_NP, errno);
        if (s == null && Libc.Text.STRERRORDESC_NP == null) s = cString(Libc.Text.STRERROR, errno);
        return s;
    }

    private static String cString(MethodHandle h, int errno) {
        if (h == null) return null;
        try {
            MemorySegment p = (MemorySegment) h.invokeExact(errno);
            if (p.equals(MemorySegment.NULL)) return null;
            return p.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
