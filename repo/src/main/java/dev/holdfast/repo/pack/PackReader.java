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

    /** Parses and authenticates the header of a whole pack; offsets are checked against its size. */
    public static List<BlobRef> header(Aead aead, Id packId, byte[] pack) throws FormatException {
        String name = "pack " + packId.hex();
        if (pack.length < PackWriter.MAGIC.length + 4 + Aead.OVERHEAD) throw new FormatException(name + ": truncated (" + pack.length + " bytes)");
        for (int i = 0; i < PackWriter.MAGIC.length; i++) {
            if (pack[i] != PackWriter.MAGIC[i]) throw new FormatException(name + ": bad magic or unsupported version");
        }
        long headerLen = new ByteReader(pack, pack.length - 4, 4, name).u32();
        long headerStart = pack.length - 4 - headerLen;
        if (headerLen < Aead.OVERHEAD || headerStart < PackWriter.MAGIC.length) throw new FormatException(name + ": bad header length " + headerLen);
        byte[] plain;
        try {
            plain = aead.open(pack, (int) headerStart, (int) headerLen, PackWriter.HEADER_AAD);
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
