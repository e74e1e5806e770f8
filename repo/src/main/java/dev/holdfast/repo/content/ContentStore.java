package dev.holdfast.repo.content;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.RepositoryCache;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.storage.Storage;
import dev.holdfast.repo.pack.PackReader;
import dev.holdfast.storage.BlobInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Put and get blobs by id: deduplication against the index and against blobs in flight, sealing,
 * and pack assembly and upload through a {@link Packer}. Thread-safe; many backup threads put at
 * once. Nothing is visible to other processes until {@link #flush()} has written the index.
 */
public final class ContentStore implements AutoCloseable {
    private final Storage storage;
    private final Sealing sealing;
    private final Hashes hashes;
    private final ChunkIndex index;
    private final RepositoryCache cache;
    private final Packer packer;
    private final Map<Key, Boolean> inFlight = new ConcurrentHashMap<>();

    private record Key(BlobType type, Id id) {}

    public ContentStore(Storage storage, Sealing sealing, Hashes hashes, ChunkIndex index,
                        RepositoryCache cache, int packSize, int uploadThreads) {
        this.storage = storage;
        this.sealing = sealing;
        this.hashes = hashes;
        this.index = index;
        this.cache = cache;
        this.packer = new Packer(storage, sealing.aead(), cache, packSize, uploadThreads, this::uploaded);
    }

    public static String packName(Id pack) {
        String hex = pack.hex();
        return "data/" + hex.substring(0, 2) + "/" + hex;
    }

    public Id id(byte[] data, int off, int len) {
        return hashes.id(data, off, len);
    }

    public boolean contains(BlobType type, Id id) {
        return index.containsLive(type, id) || inFlight.containsKey(new Key(type, id));
    }

    /**
     * Stores a blob unless the repository (or another thread) already has it.
     * @return the number of sealed bytes added, 0 when deduplicated
     */
    public long put(BlobType type, Id id, byte[] data, int off, int len, Compressor compressor) throws IOException {
        return store(type, id, () -> sealing.seal(type, id, data, off, len, compressor));
    }

    /**
     * Stores a blob given in its stored form (plaintext, or its zstd frame when compressed), as
     * read and verified from another repository, unless already present; nothing is recompressed.
     * @return the number of sealed bytes added, 0 when deduplicated
     */
    public long putPayload(BlobType type, Id id, byte[] payload, int rawLength, boolean compressed) throws IOException {
        return store(type, id, () -> sealing.sealPayload(type, id, payload, rawLength, compressed));
    }

    private long store(BlobType type, Id id, java.util.function.Supplier<Sealing.Sealed> seal) throws IOException {
        if (index.containsLive(type, id)) return 0;
        Key key = new Key(type, id);
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) return 0;
        if (index.containsLive(type, id)) { // uploaded (indexed, then released) since the first look
            inFlight.remove(key);
            return 0;
        }
        Sealing.Sealed sealed;
        try {
            sealed = seal.get();
        } catch (RuntimeException e) {
            inFlight.remove(key);
            throw e;
        }
        packer.add(sealed);
        return sealed.length();
    }

    /**
     * Adds an already sealed blob, lying at buf[off...] as ref describes (read from its old pack),
     * to a new pack as it is, without deduplication (prune's repacking: a sealed blob is bound to
     * its type and id, not to its pack, so it moves unchanged, and is not copied out of buf first).
     */
    public void copy(BlobRef ref, byte[] buf, int off) throws IOException {
        packer.add(ref.type(), ref.id(), buf, off, ref.length(), ref.rawLength(), ref.compressed());
    }

    private void uploaded(BlobRef ref) {
        index.add(ref);
        inFlight.remove(new Key(ref.type(), ref.id()));
    }

    /** Reads, authenticates and decompresses a blob. */
    public byte[] get(BlobType type, Id id) throws IOException {
        BlobRef ref = index.get(type, id);
        if (ref == null) throw new BlobNotFoundException(type.name().toLowerCase() + " blob " + id.hex() + " is not in the index");
        if (type == BlobType.TREE) {
            String name = packName(ref.pack());
            try {
                return sealing.open(ref, cache.getRange(name, ref.offset(), ref.length(), () -> storage.get(name)), 0);
            } catch (AuthenticationException | java.io.EOFException e) {
                cache.evict(name);
            }
        }
        return open(ref, storage.getRange(packName(ref.pack()), ref.offset(), ref.length()), 0);
    }

    /** Authenticates and decodes a blob read by the caller (for example in a batched range read). */
    public byte[] open(BlobRef ref, byte[] buf, int off) throws FormatException {
        try {
            return sealing.open(ref, buf, off);
        } catch (AuthenticationException e) {
            throw damaged(ref, e);
        }
    }

    /**
     * As {@link #open(BlobRef, byte[], int)}, into reused buffers: the plaintext is the first
     * {@code ref.rawLength()} bytes of the array returned (see {@link Sealing#open(BlobRef, byte[], int, Sealing.Buffers)}).
     */
    public byte[] open(BlobRef ref, byte[] buf, int off, Sealing.Buffers buffers) throws FormatException {
        try {
            return sealing.open(ref, buf, off, buffers);
        } catch (AuthenticationException e) {
            throw damaged(ref, e);
        }
    }

    private static FormatException damaged(BlobRef ref, AuthenticationException e) {
        return new FormatException(ref.type().name().toLowerCase() + " blob " + ref.id().hex() + " in pack "
                + ref.pack().hex() + " is damaged (" + e.getMessage() + ")");
    }

    public BlobRef locate(BlobType type, Id id) {
        return index.get(type, id);
    }

    public ChunkIndex index() { return index; }

    public Storage storage() { return storage; }

    /**
     * Writes an index file after every {@code packs} uploaded packs (default
     * {@value Packer#PACKS_PER_INDEX}); a copy that may be interrupted writes them more often, so
     * that what it uploaded is found again when it resumes.
     */
    public void indexEvery(int packs) {
        packer.indexEvery(packs);
    }

    /**
     * Indexes packs that are in storage but in no index file (left by an interrupted backup or
     * copy), reading only their headers, so their blobs are not stored again. A pack whose header
     * does not authenticate is left alone. Returns the number of packs indexed.
     */
    public int indexOrphanPacks() throws IOException {
        List<BlobRef> found = new ArrayList<>();
        int packs = 0;
        for (BlobInfo b : storage.list("data/")) {
            String hex = b.name().substring(b.name().lastIndexOf('/') + 1);
            if (!Id.isHex(hex) || index.hasPack(Id.parse(hex))) continue;
            try {
                found.addAll(PackReader.header(sealing.aead(), Id.parse(hex), b.size(), (o, l) -> storage.getRange(b.name(), o, l)));
                packs++;
            } catch (FormatException | java.io.EOFException e) {
                // not a pack this key wrote, or damaged: check reports it
            }
        }
        if (!found.isEmpty()) packer.adopt(found);
        return packs;
    }

    /** Uploads every open pack and writes the index files for all uploaded packs. */
    public void flush() throws IOException {
        packer.flush();
    }

    @Override
    public void close() {
        packer.close();
    }
}
