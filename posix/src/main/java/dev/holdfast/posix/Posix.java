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
    public static Stat lstat(byte[] path) throws PosixException {
        return LongPaths.at(path, "lstat", (fd, rel) -> Stats.lstatAt(fd, rel, "lstat"));
    }

    /** fstat(2). */
    public static Stat fstat(int fd) throws PosixException {
        return Stats.fstat(fd);
    }

    /** The names in a directory, without "." and "..", in the order the kernel returns them. */
    public static List<byte[]> listDir(byte[] path) throws PosixException {
        return LongPaths.at(path, "opendir", Dirs::list);
    }

    /** Opens a file for reading: O_RDONLY|O_NOFOLLOW|O_CLOEXEC|O_NONBLOCK, plus O_NOATIME when permitted. */
    public static int openRead(byte[] path) throws PosixException {
        return LongPaths.at(path, "open", Io::openRead);
    }

    /** Creates a new file for writing: O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC. */
    public static int createWrite(byte[] path, int mode) throws PosixException {
        return LongPaths.at(path, "open", (fd, rel) -> Io.createWrite(fd, rel, mode));
    }

    /**
     * read(2) into buf[off, off+len); returns the count read, 0 at end of file. Retries EINTR.
     * At most 256 KiB are read per call, so a count below len does not mean end of file.
     */
    public static int read(int fd, byte[] buf, int off, int len) throws PosixException {
        return Io.read(fd, buf, off, len, 0, false);
    }

    /**
     * pread(2); returns the count read, 0 at end of file. Retries EINTR. At most 256 KiB are read
     * per call, so a count below len does not mean end of file.
     */
    public static int pread(int fd, byte[] buf, int off, int len, long position) throws PosixException {
        return Io.read(fd, buf, off, len, position, true);
    }

    /** Writes all of buf[off, off+len) at position (looping over short writes). */
    public static void pwriteFully(int fd, byte[] buf, int off, int len, long position) throws PosixException {
        Io.pwriteFully(fd, buf, off, len, position);
    }

    public static void ftruncate(int fd, long size) throws PosixException {
        Io.ftruncate(fd, size);
    }

    public static void fsync(int fd) throws PosixException {
        Io.fsync(fd);
    }

    public static void close(int fd) throws PosixException {
        Io.close(fd);
    }

    /** lseek(fd, from, SEEK_DATA); -1 when there is no data at or after from (ENXIO). */
    public static long seekData(int fd, long from) throws PosixException {
        return Io.lseek(fd, from, Consts.SEEK_DATA, true);
    }

    /** lseek(fd, from, SEEK_HOLE): the start of the next hole (the file size when none). */
    public static long seekHole(int fd, long from) throws PosixException {
        return Io.lseek(fd, from, Consts.SEEK_HOLE, false);
    }

    /** readlink(2): the whole target, whatever its length. */
    public static byte[] readlink(byte[] path) throws PosixException {
        return LongPaths.at(path, "readlink", Nodes::readlink);
    }

    public static void symlink(byte[] target, byte[] linkPath) throws PosixException {
        LongPaths.run(linkPath, "symlink", (fd, rel) -> {
            Nodes.symlink(target, fd, rel);
            return null;
        });
    }

    /** link(2): a new hard link newPath to existing (never following symlinks). */
    public static void link(byte[] existing, byte[] newPath) throws PosixException {
        LongPaths.run(existing, "link", (from, a) -> LongPaths.at(newPath, "link", (to, b) -> {
            Nodes.link(from, a, to, b);
            return null;
        }));
    }

    public static void mkdir(byte[] path, int mode) throws PosixException {
        LongPaths.run(path, "mkdir", (fd, rel) -> {
            Nodes.mkdir(fd, rel, mode);
            return null;
        });
    }

    /** mknod(2): mode carries the file type (S_IFIFO, S_IFCHR, S_IFBLK, S_IFSOCK) and permissions. */
    public static void mknod(byte[] path, int mode, long dev) throws PosixException {
        LongPaths.run(path, "mknod", (fd, rel) -> {
            Nodes.mknod(fd, rel, mode, dev);
            return null;
        });
    }

    public static void unlink(byte[] path) throws PosixException {
        LongPaths.run(path, "unlink", (fd, rel) -> {
            Nodes.unlink(fd, rel, false);
            return null;
        });
    }

    public static void rmdir(byte[] path) throws PosixException {
        LongPaths.run(path, "rmdir", (fd, rel) -> {
            Nodes.unlink(fd, rel, true);
            return null;
        });
    }

    /** lchown(2). */
    public static void lchown(byte[] path, int uid, int gid) throws PosixException {
        LongPaths.run(path, "lchown", (fd, rel) -> {
            Nodes.lchown(fd, rel, uid, gid);
            return null;
        });
    }

    /** chmod(2) of a file that is not a symlink (symlink modes cannot be set on Linux). */
    public static void chmod(byte[] path, int mode) throws PosixException {
        LongPaths.run(path, "chmod", (fd, rel) -> {
            Nodes.chmod(fd, rel, mode);
            return null;
        });
    }

    /** utimensat(AT_FDCWD, path, {atime, mtime}, AT_SYMLINK_NOFOLLOW) with nanoseconds. */
    public static void utimens(byte[] path, long atimeNs, long mtimeNs) throws PosixException {
        LongPaths.run(path, "utimensat", (fd, rel) -> {
            Nodes.utimens(fd, rel, atimeNs, mtimeNs);
            return null;
        });
    }

    /** fchown(2) of an open file; path only names it in errors. */
    public static void fchown(int fd, int uid, int gid, byte[] path) throws PosixException {
        Nodes.fchown(fd, uid, gid, path);
    }

    /** fchmod(2) of an open file; path only names it in errors. */
    public static void fchmod(int fd, int mode, byte[] path) throws PosixException {
        Nodes.fchmod(fd, mode, path);
    }

    /** futimens(3) of an open file with nanoseconds; path only names it in errors. */
    public static void futimens(int fd, long atimeNs, long mtimeNs, byte[] path) throws PosixException {
        Nodes.futimens(fd, atimeNs, mtimeNs, path);
    }

    /**
     * llistxattr(2): every attribute name (all namespaces the caller may see). Empty when the
     * filesystem does not support extended attributes (EOPNOTSUPP).
     */
    public static List<byte[]> listXattrs(byte[] path) throws PosixException {
        return LongPaths.viaProc(path, "llistxattr", (fd, p) -> Xattrs.list(p));
    }

    /**
     * lgetxattr(2): the value, or null when the attribute does not exist (ENODATA, or EOPNOTSUPP
     * from a filesystem without extended attributes).
     */
    public static byte[] getXattr(byte[] path, byte[] name) throws PosixException {
        return LongPaths.viaProc(path, "lgetxattr", (fd, p) -> Xattrs.get(p, name));
    }

    /** lsetxattr(2). */
    public static void setXattr(byte[] path, byte[] name, byte[] value) throws PosixException {
        LongPaths.viaProc(path, "lsetxattr", (fd, p) -> {
            Xattrs.set(p, name, value);
            return null;
        });
    }

    /** The user name of a uid (getpwuid_r), or null when unknown. Cached. */
    public static String userName(int uid) {
        return Users.userName(uid);
    }

    /** The group name of a gid (getgrgid_r), or null when unknown. Cached. */
    public static String groupName(int gid) {
        return Users.groupName(gid);
    }

    /** The uid of a user name (getpwnam_r). Cached. */
    public static OptionalInt uidOf(String name) {
        return Users.uidOf(name);
    }

    /** The gid of a group name (getgrnam_r). Cached. */
    public static OptionalInt gidOf(String name) {
        return Users.gidOf(name);
    }

    public static int geteuid() {
        return Users.geteuid();
    }

    // Descriptor-relative variants, for walkers that want to avoid resolving long paths again
    // for every entry (and to reach paths longer than PATH_MAX).

    /** Opens a directory: O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC, plus O_NOATIME when permitted. Close it with {@link #close}. */
    public static int openDir(byte[] path) throws PosixException {
        return Io.openDir(Consts.AT_FDCWD, path);
    }

    /** Opens a directory relative to an open directory (name may be a relative path). */
    public static int openDirAt(int dirFd, byte[] name) throws PosixException {
        return Io.openDir(dirFd, name);
    }

    /** The names in an open directory, from its current position, without "." and "..". */
    public static List<byte[]> listDir(int dirFd) throws PosixException {
        return Dirs.list(dirFd, null, "getdents64");
    }

    /** fstatat(dirFd, name, AT_SYMLINK_NOFOLLOW): lstat relative to an open directory. */
    public static Stat lstatAt(int dirFd, byte[] name) throws PosixException {
        return Stats.lstatAt(dirFd, name, "lstat");
    }

    /** {@link #openRead} relative to an open directory. */
    public static int openReadAt(int dirFd, byte[] name) throws PosixException {
        return Io.openRead(dirFd, name);
    }

    /** The dev_t of a device number pair, as mknod takes it and {@link Stat#rdev()} holds it. */
    public static long makedev(int major, int minor) {
        return StatDecoder.makedev(major, minor);
    }

    public static int major(long dev) {
        return StatDecoder.major(dev);
    }

    public static int minor(long dev) {
        return StatDecoder.minor(dev);
    }

    /** A path rendered for messages: invalid UTF-8 and control characters escaped, e.g. \xff. */
    public static String render(byte[] path) {
        return PathText.render(path);
    }
}
