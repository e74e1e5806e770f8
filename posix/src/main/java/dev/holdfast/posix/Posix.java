package dev.holdfast.posix;

import java.util.List;
import java.util.OptionalInt;

/**
 * Linux system calls over byte-string paths, through the JDK's foreign function API. Paths are
 * absolute byte arrays without NUL bytes, so any file name the kernel allows (invalid UTF-8,
 * newlines) can be walked, read and restored. Every failure is a {@link PosixException} naming
 * the call, path and errno. All methods are thread-safe. Symlinks are never followed unless a
 * method says so.
 */
public final class Posix {
    private Posix() {}

    /** lstat(2). */
    public static Stat lstat(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    /** fstat(2). */
    public static Stat fstat(int fd) throws PosixException { throw new UnsupportedOperationException(); }

    /** The names in a directory, without "." and "..", in the order the kernel returns them. */
    public static List<byte[]> listDir(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    /** Opens a file for reading: O_RDONLY|O_NOFOLLOW|O_CLOEXEC, plus O_NOATIME when permitted. */
    public static int openRead(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    /** Creates a new file for writing: O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC. */
    public static int createWrite(byte[] path, int mode) throws PosixException { throw new UnsupportedOperationException(); }

    /** read(2) into buf[off, off+len); returns the count read, 0 at end of file. Retries EINTR. */
    public static int read(int fd, byte[] buf, int off, int len) throws PosixException { throw new UnsupportedOperationException(); }

    /** pread(2); returns the count read, 0 at end of file. Retries EINTR. */
    public static int pread(int fd, byte[] buf, int off, int len, long position) throws PosixException { throw new UnsupportedOperationException(); }

    /** Writes all of buf[off, off+len) at position (looping over short writes). */
    public static void pwriteFully(int fd, byte[] buf, int off, int len, long position) throws PosixException { throw new UnsupportedOperationException(); }

    public static void ftruncate(int fd, long size) throws PosixException { throw new UnsupportedOperationException(); }

    public static void fsync(int fd) throws PosixException { throw new UnsupportedOperationException(); }

    public static void close(int fd) throws PosixException { throw new UnsupportedOperationException(); }

    /** lseek(fd, from, SEEK_DATA); -1 when there is no data at or after from (ENXIO). */
    public static long seekData(int fd, long from) throws PosixException { throw new UnsupportedOperationException(); }

    /** lseek(fd, from, SEEK_HOLE): the start of the next hole (the file size when none). */
    public static long seekHole(int fd, long from) throws PosixException { throw new UnsupportedOperationException(); }

    /** readlink(2): the whole target, whatever its length. */
    public static byte[] readlink(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    public static void symlink(byte[] target, byte[] linkPath) throws PosixException { throw new UnsupportedOperationException(); }

    /** link(2): a new hard link newPath to existing (never following symlinks). */
    public static void link(byte[] existing, byte[] newPath) throws PosixException { throw new UnsupportedOperationException(); }

    public static void mkdir(byte[] path, int mode) throws PosixException { throw new UnsupportedOperationException(); }

    /** mknod(2): mode carries the file type (S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK) and permissions. */
    public static void mknod(byte[] path, int mode, long dev) throws PosixException { throw new UnsupportedOperationException(); }

    public static void unlink(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    public static void rmdir(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    /** lchown(2). */
    public static void lchown(byte[] path, int uid, int gid) throws PosixException { throw new UnsupportedOperationException(); }

    /** chmod(2) of a file that is not a symlink (symlink modes cannot be set on Linux). */
    public static void chmod(byte[] path, int mode) throws PosixException { throw new UnsupportedOperationException(); }

    /** utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW) with nanoseconds. */
    public static void utimens(byte[] path, long atimeNs, long mtimeNs) throws PosixException { throw new UnsupportedOperationException(); }

    /** llistxattr(2): every attribute name (all namespaces the caller may see). */
    public static List<byte[]> listXattrs(byte[] path) throws PosixException { throw new UnsupportedOperationException(); }

    /** lgetxattr(2): the value, or null when the attribute does not exist. */
    public static byte[] getXattr(byte[] path, byte[] name) throws PosixException { throw new UnsupportedOperationException(); }

    /** lsetxattr(2). */
    public static void setXattr(byte[] path, byte[] name, byte[] value) throws PosixException { throw new UnsupportedOperationException(); }

    /** The user name of a uid (getpwuid_r), or null when unknown. Cached. */
    public static String userName(int uid) { throw new UnsupportedOperationException(); }

    /** The group name of a gid (getgrgid_r), or null when unknown. Cached. */
    public static String groupName(int gid) { throw new UnsupportedOperationException(); }

    /** The uid of a user name (getpwnam_r). Cached. */
    public static OptionalInt uidOf(String name) { throw new UnsupportedOperationException(); }

    /** The gid of a group name (getgrnam_r). Cached. */
    public static OptionalInt gidOf(String name) { throw new UnsupportedOperationException(); }

    public static int geteuid() { throw new UnsupportedOperationException(); }
}
