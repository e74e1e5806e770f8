package dev.holdfast.repo.pack;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles one pack: {@code 'H' 'F' 'P' 1}, the sealed blobs back to back, the sealed header
 * listing them, and the header's length as a u32. Not thread-safe.
 */
public final class PackWriter {
    static final byte[] MAGIC = {'H', 'F', 'P', 1};
    static final byte[] HEADER_AAD = {'H', 'F', 'P', 'H', 1};
    private final ByteWriter body;
    private final List<Sealing.Sealed> blobs = new ArrayList<>();

    private final BlobType type;

    /** A pack for blobs of one type (data and trees go to separate packs, so trees can be cached). */
    public PackWriter(BlobType type, int capacity) {
        this.type = type;
        body = new ByteWriter(capacity);
        body.raw(MAGIC);
    }

    public void add(Sealing.Sealed blob) {
        blobs.add(blob);
        body.raw(blob.bytes());
    }

    public BlobType type() { return type; }

    public int size() { return body.length(); }

    public int count() { return blobs.size(); }

    /** A finished pack: its name (SHA-256 of the bytes), its bytes and where each blob is. */
    public record Pack(Id id, byte[] bytes, List<BlobRef> blobs) {}

    public Pack finish(Aead aead) {
        ByteWriter header = new ByteWriter(blobs.size() * 48 + 8).u8(1).uvarint(blobs.size());
        for (Sealing.Sealed b : blobs) {
            header.u8(b.type().code()).u8(b.compressed() ? 1 : 0).id(b.id()).uvarint(b.bytes().length).uvarint(b.rawLength());
        }
        byte[] sealedHeader = aead.seal(header.array(), 0, header.length(), HEADER_AAD);
        body.raw(sealedHeader).u32(sealedHeader.length);
        byte[] bytes = body.toByteArray();
        Id id = Hashes.sha256(bytes);
        List<BlobRef> refs = new ArrayList<>(blobs.size());
        long offset = MAGIC.length;
        for (Sealing.Sealed b : blobs) {
            refs.add(new BlobRef(b.type(), b.id(), id, offset, b.bytes().length, b.rawLength(), b.compressed()));
            offset += b.bytes().length;
        }
        return new Pack(id, bytes, refs);
    }
}
