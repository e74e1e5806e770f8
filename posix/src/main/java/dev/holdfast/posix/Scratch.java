package dev.holdfast.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Per-thread native buffers, reused by every call on the thread so that no call allocates native
 * memory. Each buffer comes from its own automatic arena: when a buffer is replaced by a bigger
 * one, or its thread ends, the garbage collector frees the old memory. A buffer is only valid
 * until the next call on the same thread that uses it.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    /** The largest data buffer kept per thread; bigger reads and writes are split. */
    static final int MAX_IO = 256 << 10;
    static final int DIRENT_SIZE = 64 << 10;
    /** The O_DIRECT read buffer's size and alignment (see {@link DirectReader}). */
    static final int DIRECT_SIZE = 256 << 10;
    static final int DIRECT_ALIGN = 4096;

    /** Where the linker stores errno after each capturing call. */
    final MemorySegment errno = Arena.ofAuto().allocate(Libc.CAPTURE_LAYOUT);
    /** Room for a struct statx (256 bytes) or a struct stat (at most 144 bytes). */
    final MemorySegment stat = Arena.ofAuto().allocate(256, 8);
    /** The errno of the last failed helper call that reports failure by returning null or -1. */
    int lastErrno;
    private final MemorySegment[] paths = new MemorySegment[2];
    private MemorySegment data;
    private MemorySegment dirents;
    private MemorySegment direct;
    /** The reader whose data {@link #direct()} holds, if any. */
    DirectReader directOwner;
    private byte[] direntBytes;

    private Scratch() {}

    static Scratch get() {
        return CURRENT.get();
    }

    /**
     * Copies path into path buffer slot (0 or 1) with a terminating NUL and returns it.
     * Returns null when path contains a NUL byte, which no kernel path can.
     */
    MemorySegment path(int slot, byte[] path) {
        for (byte b : path) {
            if (b == 0) return null;
        }
        MemorySegment seg = paths[slot];
        if (seg == null || seg.byteSize() <= path.length) {
            seg = Arena.ofAuto().allocate(Math.max(4097, path.length + 1L), 1);
            paths[slot] = seg;
        }
        MemorySegment.copy(path, 0, seg, JAVA_BYTE, 0, path.length);
        seg.set(JAVA_BYTE, path.length, (byte) 0);
        return seg;
    }

    /** A data buffer of min(len, MAX_IO) bytes (at least 1). */
    MemorySegment data(long len) {
        long want = Math.max(1, Math.min(len, MAX_IO));
        return dataExact(want);
    }

    /** A data buffer of exactly len bytes, for callers that need more than MAX_IO (xattrs, links). */
    MemorySegment dataExact(long len) {
        MemorySegment seg = data;
        if (seg == null || seg.byteSize() < len) {
            long size = seg == null ? Math.max(len, 8192) : Math.max(len, Math.min(seg.byteSize() * 2, MAX_IO));
            seg = Arena.ofAuto().allocate(size, 16);
            data = seg;
        }
        return seg.asSlice(0, len);
    }

    /** The aligned buffer O_DIRECT reads land in. */
    MemorySegment direct() {
        if (direct == null) direct = Arena.ofAuto().allocate(DIRECT_SIZE, DIRECT_ALIGN);
        return direct;
    }

    /** The native getdents64 buffer. */
    MemorySegment dirents() {
        if (dirents == null) dirents = Arena.ofAuto().allocate(DIRENT_SIZE, 8);
        return dirents;
    }

    /** A heap copy target as large as the dirents buffer. */
    byte[] direntBytes() {
        if (direntBytes == null) direntBytes = new byte[DIRENT_SIZE];
        return direntBytes;
    }
}
