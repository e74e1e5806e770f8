package dev.holdfast.repo.io;

import dev.holdfast.hash.Id;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link ByteWriter} wrote; every overrun or malformed varint is a FormatException. */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;
    private final String what;

    public ByteReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    public ByteReader(byte[] buf, int off, int len, String what) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
        this.what = what;
    }

    private void need(int n) throws FormatException {
        if (n < 0 || end - pos < n) throw new FormatException(what + ": truncated at byte " + pos);
    }

    public int u8() throws FormatException {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long u32() throws FormatException {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) (buf[pos++] & 0xFF) << (8 * i);
        return v;
    }

    public long uvarint() throws FormatException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            if (shift == 63 && b > 1) throw new FormatException(what + ": varint overflows 64 bits at byte " + pos);
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new FormatException(what + ": malformed varint at byte " + pos);
    }

    /** A varint that must fit a non-negative int no larger than max. */
    public int count(int max) throws FormatException {
        long v = uvarint();
        if (v < 0 || v > max) throw new FormatException(what + ": value " + Long.toUnsignedString(v) + " exceeds " + max + " at byte " + pos);
        return (int) v;
    }

    public long svarint() throws FormatException {
        long v = uvarint();
        return (v >>> 1) ^ -(v & 1);
    }

    public byte[] raw(int n) throws FormatException {
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public byte[] bytes() throws FormatException {
        return raw(count(end - pos));
    }

    public String string() throws FormatException {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    public Id id() throws FormatException {
        need(Id.SIZE);
        Id id = Id.of(buf, pos);
        pos += Id.SIZE;
        return id;
    }

    public boolean atEnd() { return pos == end; }

    public int remaining() { return end - pos; }

    public void expectEnd() throws FormatException {
        if (pos != end) throw new FormatException(what + ": " + (end - pos) + " unexpected trailing bytes");
    }
}
