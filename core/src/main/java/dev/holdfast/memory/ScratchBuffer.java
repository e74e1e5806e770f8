package dev.holdfast.memory;

/**
 * An array reused call after call, grown to the largest size asked for up to a retain limit; a
 * larger request gets an array of its own for that call, so many threads' buffers stay small
 * whatever the largest request. The array is only valid until the next request. Not thread-safe.
 */
public final class ScratchBuffer {
    private final int retain;
    private byte[] buf = new byte[0];

    /** @param retain the largest array kept for the next request */
    public ScratchBuffer(int retain) {
        this.retain = retain;
    }

    /** An array of at least n bytes. */
    public byte[] atLeast(int n) {
        if (buf.length >= n) return buf;
        byte[] b = new byte[n];
        if (n <= retain) buf = b;
        return b;
    }
}
