package dev.holdfast.posix;

/**
 * The result of lstat/fstat. Times are nanoseconds since the Unix epoch.
 */
public record Stat(long dev, long ino, int mode, long nlink, int uid, int gid, long rdev,
                   long size, long blocks, long atimeNs, long mtimeNs, long ctimeNs) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000,
            S_IFREG = 0100000, S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000,
            S_IFIFO = 0010000;

    public int type() { return mode & S_IFMT; }
    public int permissions() { return mode & 07777; }
    public boolean isRegular() { return type() == S_IFREG; }
    public boolean isDirectory() { return type() == S_IFDIR; }
    public boolean isSymlink() { return type() == S_IFLNK; }
    /** True when the file occupies fewer 512-byte blocks than its size needs: it has holes. */
    public boolean isSparse() { return isRegular() && blocks * 512 < size; }
}
