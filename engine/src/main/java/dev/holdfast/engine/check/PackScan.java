package dev.holdfast.engine.check;

import dev.holdfast.storage.Storage;
import java.io.IOException;

/**
 * Reads one pack front to back, once, through a window that is reused from pack to pack (and
 * grown for a blob larger than it): a byte range asked for ({@link #at}) is served from the
 * window, read in slices of at most {@code slice} bytes, so a pack is verified blob by blob
 * without reading a byte twice and without allocating per pack. Ranges must be asked for in
 * increasing offset order; bytes between them are not read. Not thread-safe: one per thread.
 */
final class PackScan {
    private final int slice;
    private byte[] window;
    private Storage storage;
    private String name;
    private long size;
    /** Pack offset of window[0], and how many bytes of the window are filled. */
    private long start;
    private int filled;

    PackScan(int slice) {
        this.slice = slice;
        this.window = new byte[2 * slice];
    }

    /** Starts on a pack of the given size. */
    void begin(Storage storage, String name, long size) {
        this.storage = storage;
        this.name = name;
        this.size = size;
        this.start = 0;
        this.filled = 0;
    }

    /** The window, holding pack[offset, offset+length) at {@link #index(long)}; null when that lies before ranges already passed. */
    byte[] at(long offset, int length) throws IOException {
        if (offset < start || offset + length > size) return null;
        long end = offset + length;
        if (end > start + filled) {
            // drop what lies before offset (already served), then read on until end is in the window
            int keep = (int) Math.max(0, start + filled - offset);
            if (keep > 0) System.arraycopy(window, filled - keep, window, 0, keep);
            start = offset;
            filled = keep;
            if (window.length < length + slice) {
                byte[] bigger = new byte[length + slice];
                System.arraycopy(window, 0, bigger, 0, filled);
                window = bigger;
            }
            while (start + filled < end) {
                int n = (int) Math.min(Math.min(slice, window.length - filled), size - start - filled);
                storage.read(name, start + filled, window, filled, n);
                filled += n;
            }
        }
        return window;
    }

    /** Where pack offset lies in the array {@link #at} returned. */
    int index(long offset) {
        return (int) (offset - start);
    }
}
