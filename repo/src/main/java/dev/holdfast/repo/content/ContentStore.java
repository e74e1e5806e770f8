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
import java.io.IOException;
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
        if (index.containsLive(type, id)) return 0;
        Key key = new Key(type, id);
        if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) return 0;
        if (index.containsLive(type, id)) { // uploaded (indexed, then released) since the first look
            inFlight.remove(key);
            return 0;
        }
        Sealing.Sealed sealed = sealing.seal(type, id, data, off, len, compressor);
        packer.add(sealed);
        return sealed.bytes().length;
    }

    /**
     * Adds an already sealed blob to a new pack as it is, without deduplication (prune's repacking:
     * a sealed blob is bound to its type and id, not to its pack, so it moves unchanged).
     */
    public void copy(Sealing.Sealed sealed) throws IOException {
        packer.add(sealed);
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
            throw new FormatException(ref.type().name().toLowerCase() + " blob " + ref.id().hex() + " in pack "
                    + ref.pack().hex() + " is damaged (" + e.getMessage() + ")");
        }
    }

    public BlobRef locate(BlobType type, Id id) {
        return index.get(type, id);
    }

    public ChunkIndex index() { return index; }

    public Storage storage() { return storage; }

    /** Uploads every open pack and writes the index files for all uploaded packs. */
    public void flush() throws IOException {
        packer.flush();
    }

    @Override
    public void close() {
        packer.close();
    }
}
