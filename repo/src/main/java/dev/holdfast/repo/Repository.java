package dev.holdfast.repo;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import dev.holdfast.repo.keys.Keys;
import dev.holdfast.repo.keys.MasterKey;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An open repository: its config, keys, content store, trees and snapshots. The index is loaded
 * the first time content is needed, so commands that only list snapshots stay fast.
 */
public final class Repository implements AutoCloseable {
    public static final String CONFIG = "config";
    public static final String SNAPSHOTS = "snapshots/";

    private final Storage storage;
    private final RepositoryConfig config;
    private final String keyId;
    private final MasterKey master;
    private final Aead aead;
    private final RepositoryCache cache;
    private ContentStore content;
    private List<dev.holdfast.repo.gc.DeletionMarker> markers = List.of();
    private int uploadThreads = 2;
    private final List<String> indexProblems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final List<String> snapshotProblems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    Repository(Storage storage, RepositoryConfig config, MasterKey master, String keyId, RepositoryCache cache) {
        this.storage = storage;
        this.config = config;
        this.master = master;
        this.keyId = keyId;
        this.aead = new Aead(master.encryption());
        this.cache = cache;
    }

    /** Opens the repository with a password; the cache lives under cacheBase/&lt;repository id&gt;. */
    public static Repository open(Storage storage, byte[] password, Path cacheBase) throws IOException {
        if (storage.stat(CONFIG).isEmpty()) {
            throw new RepositoryNotFoundException("no repository at " + storage.location()
                    + " (no config file); create one with 'holdfast init' or check -r/HOLDFAST_REPOSITORY");
        }
        Keys.Unlocked unlocked = new Keys(storage).unlock(password);
        Aead aead = new Aead(unlocked.master().encryption());
        RepositoryConfig config = RepositoryConfig.fromJson(Envelope.open(aead, Envelope.CONFIG, storage.get(CONFIG), CONFIG));
        if (config.version() != RepositoryConfig.VERSION) {
            throw new FormatException("config: repository format version " + config.version() + " is not supported (this Holdfast reads version " + RepositoryConfig.VERSION + ")");
        }
        RepositoryCache cache = RepositoryCache.of(cacheBase, config.id());
        return new Repository(storage, config, unlocked.master(), unlocked.keyId(), cache);
    }

    public Storage storage() { return storage; }

    public RepositoryConfig config() { return config; }

    public String keyId() { return keyId; }

    public MasterKey masterKey() { return master; }

    public Keys keys() { return new Keys(storage); }

    public Aead aead() { return aead; }

    /**
     * How many packs are uploaded at once (default 2); takes effect when the content store is
     * first used. A copy to a remote repository, whose uploads wait on the network, uses more.
     */
    public synchronized void uploadThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("upload threads must be at least 1");
        uploadThreads = n;
    }

    /**
     * The content store, loading the index on first use. The deletion markers are read first: blobs
     * that lie only in packs a prune is about to delete still read, but are not deduplicated against.
     */
    public synchronized ContentStore content() throws IOException {
        if (content == null) {
            markers = dev.holdfast.repo.gc.DeletionMarker.list(storage, aead);
            ChunkIndex index = loadIndex(dev.holdfast.repo.gc.DeletionMarker.doomedPacks(markers));
            content = new ContentStore(storage, new Sealing(aead), new Hashes(master.id()), index, cache, config.packSize(), uploadThreads);
        }
        return content;
    }

    /**
     * Loads every readable index file. A damaged one is skipped and named in {@link #indexProblems()}:
     * blobs only it knew become unreachable, everything else still restores.
     */
    private ChunkIndex loadIndex(Set<Id> doomed) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return loadIndexOnce(doomed);
            } catch (java.io.UncheckedIOException e) {
                // an index file listed was removed before it was read: a prune compacted the index
                // (it writes the merged file before removing the old ones), so listing again finds it
                if (attempt == 5) throw e.getCause();
                indexProblems.clear();
            }
        }
    }

    private ChunkIndex loadIndexOnce(Set<Id> doomed) throws IOException {
        ChunkIndex index = new ChunkIndex(doomed);
        List<BlobInfo> files = storage.list(IndexFile.PREFIX);
        files.parallelStream().forEach(f -> {
            try {
                readIndex(f.name()).blobs().forEach(index::add);
            } catch (dev.holdfast.storage.NotFoundException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (IOException e) {
                indexProblems.add(e.getMessage());
            }
        });
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.name()));
        cache.retainOnly(IndexFile.PREFIX, names);
        return index;
    }

    /**
     * Forgets the loaded index and markers, so the next {@link #content()} reads them again (prune,
     * which must see what other processes wrote meanwhile). Pending writes must have been flushed.
     */
    public synchronized void reload() {
        if (content != null) content.close();
        content = null;
        indexProblems.clear();
    }

    /** The deletion markers read when the index was loaded (empty before). */
    public synchronized List<dev.holdfast.repo.gc.DeletionMarker> markers() {
        return markers;
    }

    /** The index files that could not be read when the index was loaded. */
    public List<String> indexProblems() {
        return List.copyOf(indexProblems);
    }

    /** Reads and decrypts one index file. */
    public IndexFile readIndex(String name) throws IOException {
        return IndexFile.decode(openCached(Envelope.INDEX, name), name);
    }

    /** Writes an index file (prune's compaction) and returns its name. */
    public String saveIndex(IndexFile index) throws IOException {
        byte[] file = Envelope.seal(aead, Envelope.INDEX, index.encode(), false);
        String name = IndexFile.PREFIX + Hashes.sha256(file).hex();
        storage.put(name, file);
        cache.put(name, file);
        return name;
    }

    /** Drops a deleted file from the local cache. */
    public void evictCached(String name) {
        cache.evict(name);
    }

    /**
     * The plaintext of a sealed file, read through the cache; a cached copy that fails to
     * authenticate is evicted and the file read again from the repository.
     */
    private byte[] openCached(char kind, String name) throws IOException {
        byte[] file = cache.get(name, () -> storage.get(name));
        try {
            return Envelope.open(aead, kind, file, name);
        } catch (FormatException e) {
            cache.evict(name);
            return Envelope.open(aead, kind, storage.get(name), name);
        }
    }

    public Tree tree(Id id) throws IOException {
        return Tree.decode(content().get(BlobType.TREE, id), "tree " + id.hex());
    }

    /** Stores a tree (deduplicated) and returns its id. */
    public Id saveTree(Tree tree, Compressor compressor) throws IOException {
        return saveTree(tree, compressor, added -> { });
    }

    /** Stores a tree, telling {@code added} how many sealed bytes it added (0 when deduplicated). */
    public Id saveTree(Tree tree, Compressor compressor, java.util.function.LongConsumer added) throws IOException {
        byte[] b = tree.encode();
        ContentStore c = content();
        Id id = c.id(b, 0, b.length);
        added.accept(c.put(BlobType.TREE, id, b, 0, b.length, compressor));
        return id;
    }

    /**
     * Every readable snapshot, oldest first (ties by id). A snapshot file that cannot be read is
     * left out and named in {@link #snapshotProblems()}, so one damaged file does not hide the rest.
     */
    public List<SnapshotRef> snapshots() throws IOException {
        List<BlobInfo> files = storage.list(SNAPSHOTS);
        snapshotProblems.clear();
        SnapshotListCache listCache = new SnapshotListCache(cache, aead);
        Map<String, Snapshot> known = listCache.load();
        Map<String, Snapshot> found = new java.util.concurrent.ConcurrentHashMap<>();
        files.parallelStream().forEach(f -> {
            Snapshot s = known.get(f.name());
            try {
                found.put(f.name(), s != null ? s : readSnapshot(f.name()).snapshot());
            } catch (dev.holdfast.storage.NotFoundException e) {
                // removed (forget) since it was listed
            } catch (IOException e) {
                snapshotProblems.add(e.getMessage());
            }
        });
        record Timed(java.time.Instant time, SnapshotRef ref) {}
        List<SnapshotRef> refs = found.entrySet().stream()
                .map(e -> new SnapshotRef(e.getKey().substring(SNAPSHOTS.length()), e.getValue()))
                .map(r -> new Timed(r.snapshot().instant(), r))
                .sorted(Comparator.comparing(Timed::time).thenComparing(t -> t.ref().id())).map(Timed::ref).toList();
        if (!found.keySet().equals(known.keySet())) {
            listCache.save(found);
            Set<String> names = new HashSet<>();
            files.forEach(f -> names.add(f.name()));
            cache.retainOnly(SNAPSHOTS, names);
        }
        return refs;
    }

    /** The snapshot files the last {@link #snapshots()} could not read. */
    public List<String> snapshotProblems() {
        return List.copyOf(snapshotProblems);
    }

    public SnapshotRef readSnapshot(String name) throws IOException {
        byte[] plain = openCached(Envelope.SNAPSHOT, name);
        return new SnapshotRef(name.substring(SNAPSHOTS.length()), Snapshot.fromJson(plain, name + ": unreadable snapshot"));
    }

    /** Writes a snapshot file; the caller has flushed the content store first (write order). */
    public SnapshotRef saveSnapshot(Snapshot s) throws IOException {
        byte[] file = Envelope.seal(aead, Envelope.SNAPSHOT, Json.write(s.toMap(), false), true);
        String id = Hashes.sha256(file).hex();
        storage.put(SNAPSHOTS + id, file);
        cache.put(SNAPSHOTS + id, file);
        return new SnapshotRef(id, s);
    }

    /** The decrypted config as JSON, with the chunker secret redacted (for 'cat config'). */
    public String configJson() throws IOException {
        RepositoryConfig c = config;
        RepositoryConfig shown = new RepositoryConfig(c.version(), c.id(), c.created(), c.chunker(), c.chunkMin(), c.chunkAvg(),
                c.chunkMax(), "(secret)", c.hash(), c.cipher(), c.compression(), c.compressionLevel(), c.packSize());
        return Json.writeString(shown.toMap(), true);
    }

    public byte[] snapshotJson(String id) throws IOException {
        return Envelope.open(aead, Envelope.SNAPSHOT, storage.get(SNAPSHOTS + id), SNAPSHOTS + id);
    }

    @Override
    public void close() {
        if (content != null) content.close();
    }
}
