package dev.holdfast.posix;

/** Linux x86_64/aarch64 errno values the rest of Holdfast tests for. */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EACCES = 13,
            EEXIST = 17, EXDEV = 18, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28,
            EROFS = 30, ERANGE = 34, ENOTEMPTY = 39, ELOOP = 40, ENODATA = 61,
            EOPNOTSUPP = 95;
    public static final int EBADF = 9, ENAMETOOLONG = 36, ENOSYS = 38;

    private Errno() {}

    /** The symbolic name and description of an errno, e.g. "ENOENT (No such file or directory)". */
    public static String describe(int errno) {
        return Errors.describe(errno);
    }
}
