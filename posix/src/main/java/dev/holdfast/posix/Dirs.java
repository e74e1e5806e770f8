package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * Directory listing with getdents64(2) into the thread's 64 KiB buffer: one system call per
 * batch of entries, each batch copied to the heap once and parsed there. A linux_dirent64 is
 * {u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]} with d_name NUL-terminated.
 */
final class Dirs {
    private Dirs() {}

    private static final int RECLEN = 16, NAME = 19;

    /** Uses syscall(SYS_getdents64, ...) even when libc has the wrapper; for tests. */
    static volatile boolean forceSyscall;

    static List<byte[]> list(int dirFd, byte[] path) throws PosixException {
        int fd = Io.openDir(dirFd, path);
        try {
            return list(fd, path, "getdents64");
        } finally {
            Io.closeQuietly(fd);
        }
    }

    /** Lists an open directory descriptor from its current position to the end. */
    static List<byte[]> list(int fd, byte[] pathForErrors, String call) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment buf = s.dirents();
        byte[] heap = s.direntBytes();
        List<byte[]> names = new ArrayList<>();
        while (true) {
            long n = getdents(s, fd, buf);
            if (n < 0) {
                int e = Libc.errno(s.errno);
                if (e == Errno.EINTR) continue;
                throw pathForErrors == null ? Errors.ofFd(call, e, fd) : Errors.of(call, e, pathForErrors);
            }
            if (n == 0) return names;
            int len = (int) n;
            MemorySegment.copy(buf, JAVA_BYTE, 0, heap, 0, len);
            int pos = 0;
            while (pos < len) {
                int reclen = buf.get(JAVA_SHORT_UNALIGNED, pos + RECLEN) & 0xffff;
                int start = pos + NAME, end = start, limit = pos + reclen;
                while (end < limit && heap[end] != 0) end++;
                if (!isDotOrDotDot(heap, start, end)) names.add(Arrays.copyOfRange(heap, start, end));
                pos += reclen;
            }
        }
    }

    private static boolean isDotOrDotDot(byte[] b, int start, int end) {
        int len = end - start;
        return (len == 1 && b[start] == '.') || (len == 2 && b[start] == '.' && b[start + 1] == '.');
    }

    private static long getdents(Scratch s, int fd, MemorySegment buf) {
        try {
            if (Libc.GETDENTS64 != null && !forceSyscall) {
                return (long) Libc.GETDENTS64.invokeExact(s.errno, fd, buf, buf.byteSize());
            }
            return (long) Libc.Fallback.SYSCALL3.invokeExact(s.errno, Consts.SYS_GETDENTS64, fd, buf, buf.byteSize());
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
