package dev.holdfast.repo.pack;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Id;
import dev.holdfast.hash.Sha256;
import dev.holdfast.repo.io.ByteWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Assembles one pack: {@code 'H' 'F' 'P' 1}, the sealed blobs back to back, the sealed header
 * listing them, and the header's length as a u32. Bytes go to a {@link Sink} as they come (a file
 * being staged, so a pack never sits in memory) or to an in-memory buffer; the SHA-256 that names
 * the pack is computed on the way. Not thread-safe.
 */
public final class PackWriter {
    static final byte[] MAGIC = {'H', 'F', 'P', 1};
    static final byte[] HEADER_AAD = {'H', 'F', 'P', 'H', 1};

    /** Where the pack's bytes go. */
    public interface Sink {
        void write(byte[] bytes, int off, int len) throws IOException;
    }

    private final BlobType type;
    private final List<Entry> entries = new ArrayList<>();
    private final Sink sink;
    private final Sha256 sha256;
    private byte[] buf;
    private int size;

    private record Entry(BlobType type, Id id, int length, int rawLength, boolean compressed) {}

    /** A pack assembled in memory (see {@link Pack#bytes()}). */
    public PackWriter(BlobType type) {
        this(type, null);
    }

    /** A pack written to sink; data and trees go to separate packs, so trees can be cached. */
    public PackWriter(BlobType type, Sink sink) {
        this.type = type;
        this.sink = sink;
        if (sink == null) buf = new byte[64 * 1024];
        this.sha256 = new Sha256();
        try {
            put(MAGIC);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a pack", e);
        }
    }

    public BlobType type() { return type; }

    public int size() { return size; }

    public int count() { return entries.size(); }

    public void add(Sealing.Sealed blob) throws IOException {
        add(blob.type(), blob.id(), blob.bytes(), blob.off(), blob.length(), blob.rawLength(), blob.compressed());
    }

    /** Adds a sealed blob that lies in b[off, off+len) (prune copies blobs out of the runs it reads, without copying them first). */
    public void add(BlobType type, Id id, byte[] b, int off, int len, int rawLength, boolean compressed) throws IOException {
        put(b, off, len);
        entries.add(new Entry(type, id, len, rawLength, compressed));
    }

    private void put(byte[] b) throws IOException {
        put(b, 0, b.length);
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (sink != null) {
            sink.write(b, off, len);
        } else {
            if (size + len > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len + 1024));
            System.arraycopy(b, off, buf, size, len);
        }
        sha256.update(b, off, len);
        size += len;
    }

    /**
     * A finished pack: its name (SHA-256 of its bytes), its length, where each blob is, and for an
     * in-memory pack the buffer holding it in its first {@code length} bytes (null for a sink).
     */
    public record Pack(Id id, byte[] bytes, int length, List<BlobRef> blobs) {
        /** A copy of exactly the pack's bytes (in-memory packs only). */
        public byte[] content() {
            return Arrays.copyOf(bytes, length);
        }
    }

    public Pack finish(Aead aead) throws IOException {
        ByteWriter header = new ByteWriter(entries.size() * 48 + 8).u8(1).uvarint(entries.size());
        for (Entry e : entries) {
            header.u8(e.type().code()).u8(e.compressed() ? 1 : 0).id(e.id()).uvarint(e.length()).uvarint(e.rawLength());
        }
        byte[] sealedHeader = aead.seal(header.array(), 0, header.length(), HEADER_AAD);
        put(sealedHeader);
        put(new ByteWriter(4).u32(sealedHeader.length).toByteArray());
        Id id = Id.of(sha256.digest());
        List<BlobRef> refs = new ArrayList<>(entries.size());
        long offset = MAGIC.length;
        for (Entry e : entries) {
            refs.add(new BlobRef(e.type(), e.id(), id, offset, e.length(), e.rawLength(), e.compressed()));
            offset += e.length();
        }
        return new Pack(id, buf, size, refs);
    }
}
