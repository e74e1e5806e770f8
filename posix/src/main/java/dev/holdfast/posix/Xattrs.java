package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Extended attributes of a path itself (the l* calls never follow a symlink). The kernel caps
 * names at 255 bytes, values and name lists at 64 KiB, so the first attempt with a 64 KiB buffer
 * nearly always succeeds; on ERANGE (the attribute grew meanwhile) the size is asked and the call
 * repeated. A filesystem without extended attributes (EOPNOTSUPP) reads as having none.
 */
final class Xattrs {
    private Xattrs() {}

    private static final int FIRST_TRY = 64 << 10;

    static List<byte[]> list(byte[] path) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = Nodes.path(s, 0, "llistxattr", path);
        long size = FIRST_TRY;
        while (true) {
            MemorySegment buf = s.dataExact(size);
            long n = llistxattr(s, p, buf, size);
            if (n >= 0) return split(buf.asSlice(0, n).toArray(JAVA_BYTE));
            int e = Libc.errno(s.errno);
            if (e == Errno.EOPNOTSUPP) return new ArrayList<>();
            if (e != Errno.ERANGE) throw Errors.of("llistxattr", e, path);
            long need = llistxattr(s, p, MemorySegment.NULL, 0);
            if (need < 0) throw Errors.of("llistxattr", Libc.errno(s.errno), path);
            size = Math.max(need, size + 1);
        }
    }

    static byte[] get(byte[] path, byte[] name) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = Nodes.path(s, 0, "lgetxattr", path);
        MemorySegment nm = Nodes.path(s, 1, "lgetxattr", name);
        long size = FIRST_TRY;
        while (true) {
            MemorySegment buf = s.dataExact(size);
            long n = lgetxattr(s, p, nm, buf, size);
            if (n >= 0) return buf.asSlice(0, n).toArray(JAVA_BYTE);
            int e = Libc.errno(s.errno);
            if (e == Errno.ENODATA || e == Errno.EOPNOTSUPP) return null;
            if (e != Errno.ERANGE) throw Errors.ofXattr("lgetxattr", e, path, name);
            long need = lgetxattr(s, p, nm, MemorySegment.NULL, 0);
            if (need < 0) {
                e = Libc.errno(s.errno);
                if (e == Errno.ENODATA) return null;
                throw Errors.ofXattr("lgetxattr", e, path, name);
            }
            size = Math.max(need, size + 1);
        }
    }

    static void set(byte[] path, byte[] name, byte[] value) throws PosixException {
        Scratch s = Scratch.get();
        MemorySegment p = Nodes.path(s, 0, "lsetxattr", path);
        MemorySegment nm = Nodes.path(s, 1, "lsetxattr", name);
        MemorySegment buf = s.dataExact(value.length);
        MemorySegment.copy(value, 0, buf, JAVA_BYTE, 0, value.length);
        int r;
        try {
            r = (int) Libc.Xattr.LSETXATTR.invokeExact(s.errno, p, nm, buf, (long) value.length, 0);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (r != 0) throw Errors.ofXattr("lsetxattr", Libc.errno(s.errno), path, name);
    }

    private static long llistxattr(Scratch s, MemorySegment p, MemorySegment buf, long size) {
        try {
            return (long) Libc.Xattr.LLISTXATTR.invokeExact(s.errno, p, buf, size);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static long lgetxattr(Scratch s, MemorySegment p, MemorySegment name, MemorySegment buf, long size) {
        try {
            return (long) Libc.Xattr.LGETXATTR.invokeExact(s.errno, p, name, buf, size);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Splits a NUL-separated (and NUL-terminated) name list. */
    private static List<byte[]> split(byte[] list) {
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > start) names.add(Arrays.copyOfRange(list, start, i));
                start = i + 1;
            }
        }
        if (start < list.length) names.add(Arrays.copyOfRange(list, start, list.length));
        return names;
    }
}
