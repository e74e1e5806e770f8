package dev.holdfast.repo.pack;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles one pack: {@code 'H' 'F' 'P' 1}, the sealed blobs back to back, the sealed header
 * listing them, and the header's length as a u32. Blobs are copied into one buffer as they come,
 * which callers may recycle from pack to pack, so sealed blobs never outlive their copy. Not
 * thread-safe.
 */
public final class PackWriter {
    static final byte[] MAGIC = {'H', 'F', 'P', 1};
    static final byte[] HEADER_AAD = {'H', 'F', 'P', 'H', 1};
    private final BlobType type;
    private final List<Entry> entries = new ArrayList<>();
    private byte[] buf;
    private int size;

    private record Entry(BlobType type, Id id, int length, int rawLength, boolean compressed) {}

    /** A pack for blobs of one type (data and trees go to separate packs, so trees can be cached). */
    public PackWriter(BlobType type) {
        this(type, new byte[64 * 1024]);
    }

    /** A pack assembled in buffer (grown when too small; see {@link Pack#bytes()}). */
    public PackWriter(BlobType type, byte[] buffer) {
        this.type = type;
        this.buf = buffer;
        put(MAGIC);
    }

    public BlobType type() { return type; }

    public int size() { return size; }

    public int count() { return entries.size(); }

    public void add(Sealing.Sealed blob) {
        entries.add(new Entry(blob.type(), blob.id(), blob.bytes().length, blob.rawLength(), blob.compressed()));
        put(blob.bytes());
    }

    private void put(byte[] b) {
        if (size + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + b.length + 1024));
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /**
     * A finished pack: its name (SHA-256 of its bytes), the buffer holding it in its first
     * {@code length} bytes, and where each blob is.
     */
    public record Pack(Id id, byte[] bytes, int length, List<BlobRef> blobs) {
        /** A copy of exactly the pack's bytes. */
        public byte[] content() {
            return Arrays.copyOf(bytes, length);
        }
    }

    public Pack finish(Aead aead) {
        ByteWriter header = new ByteWriter(entries.size() * 48 + 8).u8(1).uvarint(entries.size());
        for (Entry e : entries) {
            header.u8(e.type().code()).u8(e.compressed() ? 1 : 0).id(e.id()).uvarint(e.length()).uvarint(e.rawLength());
        }
        byte[] sealedHeader = aead.seal(header.array(), 0, header.length(), HEADER_AAD);
        put(sealedHeader);
        put(new ByteWriter(4).u32(sealedHeader.length).toByteArray());
        Id id = Hashes.sha256(buf, 0, size);
        List<BlobRef> refs = new ArrayList<>(entries.size());
        long offset = MAGIC.length;
        for (Entry e : entries) {
            refs.add(new BlobRef(e.type(), e.id(), id, offset, e.length(), e.rawLength(), e.compressed()));
            offset += e.length();
        }
        return new Pack(id, buf, size, refs);
    }
}
