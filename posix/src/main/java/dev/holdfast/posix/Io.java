package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import static dev.holdfast.posix.Consts.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * Opening, reading, writing and seeking file descriptors. Data moves through the calling
 * thread's {@link Scratch} buffer with {@link MemorySegment#copy}; a request larger than
 * {@link Scratch#MAX_IO} is served by one system call of that size (a short count, as POSIX
 * allows) or, for writes, by several.
 */
final class Io {
    private Io() {}

    /** O_NONBLOCK: a file swapped for a FIFO after lstat must not block the open (reads of regular files ignore it). */
    private static final int READ_FLAGS = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;

    static int openAt(String call, int dirFd, byte[] path, int flags, int mode) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = s.path(0, path);
        if (p == null) throw Errors.nulInPath(call, path);
        while (true) {
            int fd;
            try {
                fd = (int) Libc.OPENAT.invokeExact(s.errno, dirFd, p, flags, mode);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (fd >= 0) return fd;
            int e = Libc.errno(s.errno);
            if (e == Errno.EINTR) continue;
            if (e == Errno.EPERM && (flags & O_NOATIME) != 0) {
                flags &= ~O_NOATIME; // not the owner and no CAP_FOWNER: read without it
                continue;
            }
            throw Errors.of(call, e, path);
        }
    }

    static int openRead(int dirFd, byte[] path) throws PosixException {
        return openAt("open", dirFd, path, READ_FLAGS | O_NOATIME, 0);
    }

    static int openReadDirect(int dirFd, byte[] path) throws PosixException {
        return openAt("open", dirFd, path, READ_FLAGS | O_NOATIME | O_DIRECT, 0);
    }

    /** Clears O_DIRECT on an open descriptor. */
    static void clearDirect(int fd) throws PosixException {
        Scratch s = Scratch.get();
        try {
            int flags = (int) Libc.FCNTL.invokeExact(s.errno, fd, F_GETFL, 0);
            if (flags >= 0 && (int) Libc.FCNTL.invokeExact(s.errno, fd, F_SETFL, flags & ~O_DIRECT) == 0) return;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        throw Errors.ofFd("fcntl", Libc.errno(s.errno), fd);
    }

    /** Set when the kernel has no cachestat(2) (before 6.5): then nothing is known of the page cache. */
    private static volatile boolean noCachestat;

    /** How many of the file's pages are in the page cache (cachestat(2)), or -1 when the kernel cannot tell. */
    static long cachedPages(int fd) {
        if (noCachestat) return -1;
        Scratch s = Scratch.get();
        MemorySegment range = s.stat.asSlice(0, 16).fill((byte) 0); // offset 0, length 0: the whole file
        MemorySegment result = s.stat.asSlice(64, 40);
        long r;
        try {
            r = (long) Libc.CACHESTAT.invokeExact(s.errno, SYS_CACHESTAT, fd, range, result, 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r == 0) return result.get(JAVA_LONG_UNALIGNED, 0);
        if (Libc.errno(s.errno) == Errno.ENOSYS) noCachestat = true;
        return -1;
    }

    /** Drops the file's clean pages from the page cache (posix_fadvise DONTNEED); for tests. */
    static void dropCache(int fd) {
        try {
            int unused = (int) Libc.POSIX_FADVISE.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** pread(2) into the native segment, retrying EINTR; the count, or -errno. */
    static long preadNative(int fd, MemorySegment seg, long position) {
        return readNative(fd, seg, position, true);
    }

    /** pread(2) (or read(2) when not positioned) into the native segment, retrying EINTR; the count, or -errno. */
    private static long readNative(int fd, MemorySegment seg, long position, boolean positioned) {
        Scratch s = Scratch.get();
        while (true) {
            long n;
            try {
                n = positioned
                        ? (long) Libc.PREAD.invokeExact(s.errno, fd, seg, seg.byteSize(), position)
                        : (long) Libc.READ.invokeExact(s.errno, fd, seg, seg.byteSize());
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n >= 0) return n;
            int e = Libc.errno(s.errno);
            if (e != Errno.EINTR) return -e;
        }
    }

    static int createWrite(int dirFd, byte[] path, int mode) throws PosixException {
        return openAt("open", dirFd, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    }

    static int openDir(int dirFd, byte[] path) throws PosixException {
        // O_NOATIME: listing a directory must not move its atime, or every backup would see it changed.
        return openAt("opendir", dirFd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOATIME, 0);
    }

    static int read(int fd, byte[] buf, int off, int len, long position, boolean positioned)
            throws PosixException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) return 0;
        MemorySegment seg = Scratch.get().data(len);
        long n = readNative(fd, seg, position, positioned);
        if (n < 0) throw Errors.ofFd(positioned ? "pread" : "read", (int) -n, fd);
        MemorySegment.copy(seg, JAVA_BYTE, 0, buf, off, (int) n);
        return (int) n;
    }

    static void pwriteFully(int fd, byte[] buf, int off, int len, long position) throws PosixException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (position < 0) throw Errors.ofFd("pwrite", Errno.EINVAL, fd);
        Scratch s = Scratch.get();
        while (len > 0) {
            MemorySegment seg = s.data(len);
            int piece = (int) seg.byteSize();
            MemorySegment.copy(buf, off, seg, JAVA_BYTE, 0, piece);
            long done = 0;
            while (done < piece) {
                long n;
                try {
                    n = (long) Libc.Write.PWRITE.invokeExact(s.errno, fd, seg.asSlice(done), piece - done, position + done);
                } catch (Throwable t) {
                    throw Libc.rethrow(t);
                }
                if (n > 0) {
                    done += n;
                } else if (n == 0) {
                    throw Errors.ofFd("pwrite", Errno.EIO, fd); // no progress: never spin
                } else {
                    int e = Libc.errno(s.errno);
                    if (e != Errno.EINTR) throw Errors.ofFd("pwrite", e, fd);
                }
            }
            off += piece;
            len -= piece;
            position += piece;
        }
    }

    static void ftruncate(int fd, long size) throws PosixException {
        Scratch s = Scratch.get();
        while (true) {
            int r;
            try {
                r = (int) Libc.Write.FTRUNCATE.invokeExact(s.errno, fd, size);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r == 0) return;
            int e = Libc.errno(s.errno);
            if (e != Errno.EINTR) throw Errors.ofFd("ftruncate", e, fd);
        }
    }

    static void fsync(int fd) throws PosixException {
        Scratch s = Scratch.get();
        while (true) {
            int r;
            try {
                r = (int) Libc.Write.FSYNC.invokeExact(s.errno, fd);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (r == 0) return;
            int e = Libc.errno(s.errno);
            if (e != Errno.EINTR) throw Errors.ofFd("fsync", e, fd);
        }
    }

    /** close(2). EINTR counts as closed: on Linux the descriptor is released either way. */
    static void close(int fd) throws PosixException {
        Scratch s = Scratch.get();
        int r;
        try {
            r = (int) Libc.CLOSE.invokeExact(s.errno, fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r == 0) return;
        int e = Libc.errno(s.errno);
        if (e != Errno.EINTR) throw Errors.ofFd("close", e, fd);
    }

    /** Closes without reporting; for cleanup after another failure. */
    static void closeQuietly(int fd) {
        try {
            close(fd);
        } catch (PosixException ignored) {
            // the first failure is the one worth reporting
        }
    }

    /** lseek(fd, from, whence); -1 on ENXIO when enxioIsEnd, else an exception. */
    static long lseek(int fd, long from, int whence, boolean enxioIsEnd) throws PosixException {
        Scratch s = Scratch.get();
        long r;
        try {
            r = (long) Libc.LSEEK.invokeExact(s.errno, fd, from, whence);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r >= 0) return r;
        int e = Libc.errno(s.errno);
        if (e == Errno.ENXIO && enxioIsEnd) return -1;
        throw Errors.ofFd(whence == SEEK_DATA ? "lseek(SEEK_DATA)" : "lseek(SEEK_HOLE)", e, fd);
    }
}
