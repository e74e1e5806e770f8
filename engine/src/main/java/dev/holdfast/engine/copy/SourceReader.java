package dev.holdfast.engine.copy;

import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobRuns;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.List;

/**
 * Reads blobs from the source repository and verifies each one as it arrives: the AES-GCM tag
 * (bound to type and id) must authenticate, the payload must decompress to its recorded length,
 * and the plaintext must hash back to its id under the source's id key. Adjacent blobs of one pack
 * are fetched with one ranged read. Thread-safe.
 */
final class SourceReader {
    /** Largest ranged read (a larger blob is read alone). */
    static final int MAX_READ = 4 * 1024 * 1024;

    /**
     * A verified blob: its stored payload (to seal again as is) and its plaintext, the first
     * {@code ref.rawLength()} bytes of {@code plain}, which is a per-thread buffer reused for the
     * next blob: it is valid only while the {@link Sink} runs.
     */
    record Verified(BlobRef ref, byte[] payload, byte[] plain) {}

    /** Per-thread buffers that compressed blobs are decompressed into (one chunk at most: 8 MiB by default). */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][0]);

    private static byte[] scratch(int length) {
        byte[][] holder = SCRATCH.get();
        if (holder[0].length < length) holder[0] = new byte[length];
        return holder[0];
    }

    /** Receives each blob of a run, verified, or the reason it could not be. */
    interface Sink {
        void accept(BlobRef ref, Verified blob, String problem) throws IOException;
    }

    private final Storage storage;
    private final Sealing sealing;
    private final Hashes hashes;

    SourceReader(Repository source) {
        this.storage = source.storage();
        this.sealing = new Sealing(source.aead());
        this.hashes = new Hashes(source.masterKey().id());
    }

    /** Reads blobs in the order given, neighbours in one pack with one ranged read. */
    void read(List<BlobRef> blobs, Sink sink) throws IOException {
        for (List<BlobRef> run : BlobRuns.of(blobs, MAX_READ, Long.MAX_VALUE)) {
            BlobRef first = run.getFirst();
            byte[] buf;
            try {
                buf = storage.getRange(ContentStore.packName(first.pack()), first.offset(), BlobRuns.span(run));
            } catch (java.io.EOFException | dev.holdfast.storage.NotFoundException e) {
                for (BlobRef r : run) sink.accept(r, null, "cannot be read from pack " + first.pack().hex() + ": " + e.getMessage());
                continue;
            }
            for (BlobRef r : run) {
                String problem = null;
                Verified v = null;
                try {
                    v = verify(r, buf, (int) (r.offset() - first.offset()));
                } catch (AuthenticationException e) {
                    problem = "is damaged in pack " + r.pack().hex() + " (" + e.getMessage() + ")";
                }
                if (v == null && problem == null) problem = "in pack " + r.pack().hex() + " does not hash to its id";
                sink.accept(r, v, problem);
            }
        }
    }

    /** The verified blob, or null when its plaintext does not hash to its id. */
    Verified verify(BlobRef r, byte[] buf, int off) throws AuthenticationException {
        Sealing.Opened o = sealing.openWithPayload(r, buf, off, SourceReader::scratch);
        return hashes.id(o.plain(), 0, r.rawLength()).equals(r.id()) ? new Verified(r, o.payload(), o.plain()) : null;
    }

    /** Reads and verifies a tree blob by id, through the source's content store (and cache). */
    byte[] tree(Repository source, Id id) throws IOException {
        BlobRef ref = source.content().locate(BlobType.TREE, id);
        if (ref == null) throw new DamagedBlobException(null, "tree " + id.hex() + " is not in the source's index");
        byte[] plain = source.content().get(BlobType.TREE, id);
        if (!hashes.id(plain).equals(id)) throw new DamagedBlobException(ref, "in pack " + ref.pack().hex() + " does not hash to its id");
        return plain;
    }
}
