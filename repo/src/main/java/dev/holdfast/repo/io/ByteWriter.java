package dev.holdfast.repo.io;

import dev.holdfast.hash.Id;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer with the varint encodings of the repository format. */
public final class ByteWriter {
    private byte[] buf;
    private int len;

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    public ByteWriter u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    /** Unsigned LEB128 varint. */
    public ByteWriter uvarint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    /** Signed varint, zigzag encoded. */
    public ByteWriter svarint(long v) {
        return uvarint((v << 1) ^ (v >> 63));
    }

    public ByteWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    public ByteWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** A varint length followed by the bytes. */
    public ByteWriter bytes(byte[] b) {
        return uvarint(b.length).raw(b);
    }

    public ByteWriter string(String s) {
        return bytes(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }

    public ByteWriter id(Id id) {
        ensure(Id.SIZE);
        id.copyTo(buf, len);
        len += Id.SIZE;
        return this;
    }

    public int length() { return len; }

    public byte[] array() { return buf; }

    /** The bytes written; the buffer itself when it is exactly full (do not write afterwards). */
    public byte[] toByteArray() { return len == buf.length ? buf : Arrays.copyOf(buf, len); }
}
