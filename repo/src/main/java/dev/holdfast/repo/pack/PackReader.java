package dev.holdfast.repo.pack;

import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteReader;
import dev.holdfast.repo.io.FormatException;
import java.util.ArrayList;
import java.util.List;

/** Reads a pack's header back into blob references (used by check and repair). */
public final class PackReader {
    private PackReader() {}

    /** Reads bytes [offset, offset + length) of a pack. */
    public interface Ranges {
        byte[] read(long offset, int length) throws java.io.IOException;
    }

    /** Parses and authenticates the header of a whole pack; offsets are checked against its size. */
    public static List<BlobRef> header(Aead aead, Id packId, byte[] pack) throws FormatException {
        try {
            return header(aead, packId, pack.length, (off, len) -> java.util.Arrays.copyOfRange(pack, (int) off, (int) off + len));
        } catch (FormatException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // reading an array does not fail
        }
    }

    /**
     * Parses and authenticates the header of a pack of {@code size} bytes, reading only its magic,
     * header and trailer; offsets are checked against the size.
     */
    public static List<BlobRef> header(Aead aead, Id packId, long size, Ranges pack) throws java.io.IOException {
        String name = "pack " + packId.hex();
        if (size < PackWriter.MAGIC.length + 4 + Aead.OVERHEAD) throw new FormatException(name + ": truncated (" + size + " bytes)");
        if (!java.util.Arrays.equals(pack.read(0, PackWriter.MAGIC.length), PackWriter.MAGIC)) {
            throw new FormatException(name + ": bad magic or unsupported version");
        }
        long headerLen = new ByteReader(pack.read(size - 4, 4), name).u32();
        long headerStart = size - 4 - headerLen;
        if (headerLen < Aead.OVERHEAD || headerStart < PackWriter.MAGIC.length) throw new FormatException(name + ": bad header length " + headerLen);
        byte[] plain;
        try {
            plain = aead.open(pack.read(headerStart, (int) headerLen), PackWriter.HEADER_AAD);
        } catch (AuthenticationException e) {
            throw new FormatException(name + ": header damaged (" + e.getMessage() + ")");
        }
        ByteReader r = new ByteReader(plain, name + " header");
        if (r.u8() != 1) throw new FormatException(name + ": unsupported header version");
        int count = r.count(plain.length);
        List<BlobRef> refs = new ArrayList<>(count);
        long offset = PackWriter.MAGIC.length;
        for (int i = 0; i < count; i++) {
            BlobType type = BlobType.read(r, name);
            boolean compressed = r.u8() == 1;
            Id id = r.id();
            int length = r.count(Integer.MAX_VALUE);
            int raw = r.count(Integer.MAX_VALUE);
            refs.add(new BlobRef(type, id, packId, offset, length, raw, compressed));
            offset += length;
        }
        r.expectEnd();
        if (offset != headerStart) throw new FormatException(name + ": header describes " + offset + " bytes of blobs, pack has " + headerStart);
        return refs;
    }
}
