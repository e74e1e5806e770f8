package dev.holdfast.repo.content;

import static dev.holdfast.repo.TestData.ID_KEY;
import static dev.holdfast.repo.TestData.KEY;
import static dev.holdfast.repo.TestData.random;
import static dev.holdfast.repo.TestData.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.RecordingStorage;
import dev.holdfast.repo.RepositoryCache;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.PackReader;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.FaultInjectingStorage;
import dev.holdfast.storage.MemoryStorage;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContentStoreTest {
    private static final Compressor ZSTD = new Compressor(3);
    private final Aead aead = new Aead(KEY);
    private final Hashes hashes = new Hashes(ID_KEY);
    private final List<ContentStore> stores = new ArrayList<>();

    @TempDir
    Path cacheDir;

    @AfterEach
    void closeStores() {
        stores.forEach(ContentStore::close);
    }

    private ContentStore store(Storage storage, ChunkIndex index, RepositoryCache cache, int packSize) {
        ContentStore s = new ContentStore(storage, new Sealing(aead), hashes, index, cache, packSize, 2);
        stores.add(s);
        return s;
    }

    private ContentStore store(Storage storage, int packSize) {
        return store(storage, new ChunkIndex(), RepositoryCache.disabled(), packSize);
    }

    private Id put(ContentStore s, BlobType type, byte[] data) throws IOException {
        Id id = s.id(data, 0, data.length);
        s.put(type, id, data, 0, data.length, ZSTD);
        return id;
    }

    /** Every index file in storage, decoded. */
    private Map<String, IndexFile> indexFiles(Storage storage) throws IOException {
        Map<String, IndexFile> out = new HashMap<>();
        for (BlobInfo b : storage.list(IndexFile.PREFIX)) {
            byte[] file = storage.get(b.name());
            assertThat(Hashes.sha256(file).hex()).isEqualTo(b.name().substring(IndexFile.PREFIX.length()));
            out.put(b.name(), IndexFile.decode(Envelope.open(aead, Envelope.INDEX, file, b.name()), b.name()));
        }
        return out;
    }

    /** Blob references of every pack in storage, read from the packs' own headers. */
    private List<BlobRef> packedBlobs(Storage storage) throws IOException {
        List<BlobRef> out = new ArrayList<>();
        for (BlobInfo b : storage.list("data/")) {
            Id id = Id.parse(b.name().substring(b.name().lastIndexOf('/') + 1));
            byte[] bytes = storage.get(b.name());
            assertThat(Hashes.sha256(bytes)).isEqualTo(id);
            assertThat(b.name()).isEqualTo(ContentStore.packName(id));
            out.addAll(PackReader.header(aead, id, bytes));
        }
        return out;
    }

    /** The invariant readers rely on: every pack an index names is stored and holds those blobs. */
    private void assertIndexesNameOnlyStoredPacks(Storage storage) throws IOException {
        Set<BlobRef> packed = new HashSet<>(packedBlobs(storage));
        for (IndexFile f : indexFiles(storage).values()) {
            for (BlobRef r : f.blobs()) {
                assertThat(storage.stat(ContentStore.packName(r.pack()))).as("pack of %s", r).isPresent();
                assertThat(packed).as("blob %s", r).contains(r);
            }
        }
    }

    @Test
    void packNames() {
        Id id = Id.parse("ab" + "01".repeat(31));
        assertThat(ContentStore.packName(id)).isEqualTo("data/ab/ab" + "01".repeat(31));
    }

    @Test
    void putThenGetAfterFlush() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 1 << 20);
        byte[] a = text(200_000, "content "), b = random(50_000, 1), c = new byte[0];
        Id ia = s.id(a, 0, a.length);
        assertThat(ia).isEqualTo(hashes.id(a));
        long added = s.put(BlobType.DATA, ia, a, 0, a.length, ZSTD);
        assertThat(added).isBetween(1L, 10_000L); // compressed
        assertThat(s.contains(BlobType.DATA, ia)).isTrue();
        assertThat(s.contains(BlobType.TREE, ia)).isFalse();
        Id ib = hashes.id(b);
        assertThat(s.put(BlobType.DATA, ib, b, 0, b.length, ZSTD)).isEqualTo(b.length + Aead.OVERHEAD);
        Id ic = put(s, BlobType.TREE, c);
        s.flush();
        assertThat(s.get(BlobType.DATA, ia)).isEqualTo(a);
        assertThat(s.get(BlobType.DATA, ib)).isEqualTo(b);
        assertThat(s.get(BlobType.TREE, ic)).isEmpty();
        assertThat(s.locate(BlobType.DATA, ia).compressed()).isTrue();
        assertThat(s.locate(BlobType.DATA, ib).compressed()).isFalse();
        assertThat(s.index().size()).isEqualTo(3);
        assertThat(s.storage()).isSameAs(mem);
        // data and trees go to separate packs
        assertThat(mem.list("data/")).hasSize(2);
        assertThat(mem.list("index/")).hasSize(1);
    }

    @Test
    void putOfASlice() throws Exception {
        ContentStore s = store(new MemoryStorage(), 1 << 20);
        byte[] buf = random(1000, 3);
        Id id = s.id(buf, 100, 500);
        assertThat(id).isEqualTo(hashes.id(java.util.Arrays.copyOfRange(buf, 100, 600)));
        s.put(BlobType.DATA, id, buf, 100, 500, ZSTD);
        s.flush();
        assertThat(s.get(BlobType.DATA, id)).isEqualTo(java.util.Arrays.copyOfRange(buf, 100, 600));
    }

    @Test
    void unknownBlobIsBlobNotFound() {
        ContentStore s = store(new MemoryStorage(), 1 << 20);
        assertThatThrownBy(() -> s.get(BlobType.DATA, hashes.id(new byte[] {1}))).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining(hashes.id(new byte[] {1}).hex());
        assertThat(s.locate(BlobType.DATA, hashes.id(new byte[] {1}))).isNull();
    }

    @Test
    void secondPutOfTheSameBlobAddsNothing() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 1 << 20);
        byte[] a = random(10_000, 4);
        Id id = hashes.id(a);
        assertThat(s.put(BlobType.DATA, id, a, 0, a.length, ZSTD)).isEqualTo(10_000 + Aead.OVERHEAD);
        assertThat(s.put(BlobType.DATA, id, a, 0, a.length, ZSTD)).isZero(); // in flight
        s.flush();
        assertThat(s.put(BlobType.DATA, id, a, 0, a.length, ZSTD)).isZero(); // in the index
        s.flush();
        assertThat(packedBlobs(mem)).extracting(BlobRef::id).containsExactly(id);
        // the same bytes as a tree are another blob
        assertThat(s.put(BlobType.TREE, id, a, 0, a.length, ZSTD)).isPositive();
    }

    @Test
    void aStoreOverAnExistingIndexDeduplicatesAgainstIt() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore first = store(mem, 1 << 20);
        byte[] a = random(5000, 5);
        Id id = put(first, BlobType.DATA, a);
        first.flush();
        ChunkIndex loaded = new ChunkIndex();
        for (IndexFile f : indexFiles(mem).values()) f.blobs().forEach(loaded::add);
        ContentStore second = store(mem, loaded, RepositoryCache.disabled(), 1 << 20);
        assertThat(second.put(BlobType.DATA, id, a, 0, a.length, ZSTD)).isZero();
        assertThat(second.get(BlobType.DATA, id)).isEqualTo(a);
    }

    /** Eight threads put 400 blobs each, drawn from 600; returns the distinct blobs put and the bytes added. */
    private Set<Integer> putOverlapping(ContentStore s, byte[][] blobs, AtomicLong added) throws Exception {
        int threads = 8, perThread = 400;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    go.await();
                    Random r = new Random(seed);
                    for (int i = 0; i < perThread; i++) {
                        byte[] b = blobs[r.nextInt(blobs.length)];
                        added.addAndGet(s.put(BlobType.DATA, hashes.id(b), b, 0, b.length, ZSTD));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        s.flush();
        Set<Integer> used = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            Random r = new Random(t);
            for (int i = 0; i < perThread; i++) used.add(r.nextInt(blobs.length));
        }
        return used;
    }

    private static byte[][] overlappingBlobs() {
        byte[][] blobs = new byte[600][];
        for (int i = 0; i < blobs.length; i++) blobs[i] = i % 2 == 0 ? random(1000 + i * 7, i) : text(2000 + i, "blob " + i + " ");
        return blobs;
    }

    @Test
    void manyThreadsPuttingOverlappingBlobsLoseNothing() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 64 * 1024);
        byte[][] blobs = overlappingBlobs();
        Set<Integer> used = putOverlapping(s, blobs, new AtomicLong());
        List<BlobRef> packed = packedBlobs(mem);
        assertThat(packed.stream().map(BlobRef::id).distinct().count()).isEqualTo(used.size());
        assertThat(s.index().size()).isEqualTo(used.size());
        assertThat(mem.list("data/").size()).isGreaterThan(5);
        for (int i : used) assertThat(s.get(BlobType.DATA, hashes.id(blobs[i]))).isEqualTo(blobs[i]);
        assertIndexesNameOnlyStoredPacks(mem);
    }

    @RepeatedTest(10)
    void manyThreadsPuttingOverlappingBlobsStoreEachOnce() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 64 * 1024);
        AtomicLong added = new AtomicLong();
        Set<Integer> used = putOverlapping(s, overlappingBlobs(), added);
        List<BlobRef> packed = packedBlobs(mem);
        assertThat(packed).hasSize(used.size());
        assertThat(added.get()).isEqualTo(packed.stream().mapToLong(BlobRef::length).sum());
    }

    @Test
    void flushWritesPacksBeforeTheIndexThatNamesThem() throws Exception {
        RecordingStorage rec = new RecordingStorage(new MemoryStorage());
        ContentStore s = store(rec, 16 * 1024);
        for (int i = 0; i < 50; i++) put(s, i % 5 == 0 ? BlobType.TREE : BlobType.DATA, random(3000, i));
        s.flush();
        List<String> puts = rec.puts();
        assertThat(puts).allMatch(n -> n.startsWith("data/") || n.startsWith("index/"));
        Map<String, IndexFile> indexes = indexFiles(rec);
        assertThat(indexes).isNotEmpty();
        for (Map.Entry<String, IndexFile> e : indexes.entrySet()) {
            int at = puts.indexOf(e.getKey());
            for (BlobRef r : e.getValue().blobs()) {
                assertThat(puts.indexOf(ContentStore.packName(r.pack()))).as("%s before %s", r.pack(), e.getKey()).isBetween(0, at - 1);
            }
        }
        // everything stored is indexed, once
        Set<BlobRef> indexed = new HashSet<>();
        indexes.values().forEach(f -> indexed.addAll(f.blobs()));
        assertThat(indexed).containsExactlyInAnyOrderElementsOf(packedBlobs(rec));
        assertThat(indexed).hasSize(50);
        assertThat(puts).doesNotHaveDuplicates();
    }

    @Test
    void anIndexIsWrittenEveryPacksPerIndexPacks() throws Exception {
        RecordingStorage rec = new RecordingStorage(new MemoryStorage());
        ContentStore s = store(rec, 1); // every blob fills a pack
        int n = 2 * Packer.PACKS_PER_INDEX + 2;
        for (int i = 0; i < n; i++) put(s, BlobType.DATA, random(100, i));
        s.flush();
        assertThat(rec.list("data/")).hasSize(n);
        Map<String, IndexFile> indexes = indexFiles(rec);
        assertThat(indexes).hasSize(3);
        assertThat(indexes.values().stream().mapToInt(f -> f.blobs().size()).sorted().toArray())
                .containsExactly(2, Packer.PACKS_PER_INDEX, Packer.PACKS_PER_INDEX);
        assertIndexesNameOnlyStoredPacks(rec);
        List<String> puts = rec.puts();
        for (Map.Entry<String, IndexFile> e : indexes.entrySet()) {
            for (BlobRef r : e.getValue().blobs()) {
                assertThat(puts.indexOf(ContentStore.packName(r.pack()))).isLessThan(puts.indexOf(e.getKey()));
            }
        }
    }

    @Test
    void flushWithNothingPutWritesNothing() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 1 << 20);
        s.flush();
        s.flush();
        assertThat(mem.size()).isZero();
    }

    @Test
    void treeBlobsAreReadThroughTheCache() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        RepositoryCache cache = new RepositoryCache(cacheDir);
        ContentStore writer = store(mem, new ChunkIndex(), cache, 1 << 20);
        List<byte[]> trees = new ArrayList<>();
        for (int i = 0; i < 5; i++) trees.add(text(1000 + i, "tree " + i));
        List<Id> ids = new ArrayList<>();
        for (byte[] t : trees) ids.add(put(writer, BlobType.TREE, t));
        Id data = put(writer, BlobType.DATA, random(5000, 9));
        writer.flush();
        String treePack = ContentStore.packName(writer.locate(BlobType.TREE, ids.get(0)).pack());
        String dataPack = ContentStore.packName(writer.locate(BlobType.DATA, data).pack());
        Path cachedTree = cacheDir.resolve(treePack);
        assertThat(cachedTree).exists();
        assertThat(Files.readAllBytes(cachedTree)).isEqualTo(mem.get(treePack));
        assertThat(cacheDir.resolve(dataPack)).doesNotExist(); // only tree packs are cached

        FaultInjectingStorage counted = new FaultInjectingStorage(mem);
        ContentStore reader = store(counted, writer.index(), cache, 1 << 20);
        for (int i = 0; i < trees.size(); i++) assertThat(reader.get(BlobType.TREE, ids.get(i))).isEqualTo(trees.get(i));
        assertThat(counted.calls(FaultInjectingStorage.Op.GET) + counted.calls(FaultInjectingStorage.Op.GET_RANGE)).isZero();
        // data blobs always come from storage
        reader.get(BlobType.DATA, data);
        assertThat(counted.calls(FaultInjectingStorage.Op.GET_RANGE)).isEqualTo(1);
    }

    @Test
    void aDamagedCachedTreePackIsEvictedAndReadFromStorage() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        RepositoryCache cache = new RepositoryCache(cacheDir);
        ContentStore writer = store(mem, new ChunkIndex(), cache, 1 << 20);
        byte[] tree = text(3000, "a directory ");
        Id id = put(writer, BlobType.TREE, tree);
        writer.flush();
        BlobRef ref = writer.locate(BlobType.TREE, id);
        Path cached = cacheDir.resolve(ContentStore.packName(ref.pack()));
        byte[] bytes = Files.readAllBytes(cached);
        bytes[(int) ref.offset() + 20] ^= 1;
        Files.write(cached, bytes);

        FaultInjectingStorage counted = new FaultInjectingStorage(mem);
        ContentStore reader = store(counted, writer.index(), cache, 1 << 20);
        assertThat(reader.get(BlobType.TREE, id)).isEqualTo(tree);
        assertThat(counted.calls(FaultInjectingStorage.Op.GET) + counted.calls(FaultInjectingStorage.Op.GET_RANGE)).isEqualTo(1);
        assertThat(cached).doesNotExist();
        // the next read loads the pack again and caches a good copy
        assertThat(reader.get(BlobType.TREE, id)).isEqualTo(tree);
        assertThat(cached).exists();
        assertThat(Files.readAllBytes(cached)).isEqualTo(mem.get(ContentStore.packName(ref.pack())));
        counted.resetCounters();
        assertThat(reader.get(BlobType.TREE, id)).isEqualTo(tree);
        assertThat(counted.calls(FaultInjectingStorage.Op.GET) + counted.calls(FaultInjectingStorage.Op.GET_RANGE)).isZero();
    }

    @Test
    void aTruncatedOrMissingCachedTreePackIsReadFromStorage() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        RepositoryCache cache = new RepositoryCache(cacheDir);
        ContentStore writer = store(mem, new ChunkIndex(), cache, 1 << 20);
        byte[] tree = text(3000, "another directory ");
        Id id = put(writer, BlobType.TREE, tree);
        writer.flush();
        Path cached = cacheDir.resolve(ContentStore.packName(writer.locate(BlobType.TREE, id).pack()));
        Files.write(cached, java.util.Arrays.copyOf(Files.readAllBytes(cached), 10));
        ContentStore reader = store(mem, writer.index(), cache, 1 << 20);
        assertThat(reader.get(BlobType.TREE, id)).isEqualTo(tree);
        Files.delete(cached);
        assertThat(reader.get(BlobType.TREE, id)).isEqualTo(tree);
        assertThat(cached).exists();
    }

    @Test
    void aDamagedPackInStorageIsAFormatExceptionNamingIt() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        ContentStore s = store(mem, 1 << 20);
        Id id = put(s, BlobType.DATA, random(2000, 11));
        Id tree = put(s, BlobType.TREE, random(2000, 12));
        s.flush();
        for (Id blob : List.of(id, tree)) {
            BlobType type = blob == id ? BlobType.DATA : BlobType.TREE;
            BlobRef ref = s.locate(type, blob);
            String name = ContentStore.packName(ref.pack());
            byte[] pack = mem.get(name);
            pack[(int) ref.offset() + 100] ^= 1;
            mem.put(name, pack);
            assertThatThrownBy(() -> s.get(type, blob)).isInstanceOf(FormatException.class)
                    .hasMessageContaining(blob.hex()).hasMessageContaining(ref.pack().hex()).hasMessageContaining("damaged");
        }
    }

    /** Puts 40 blobs of 3 KiB in packs of 8 KiB and flushes; returns the error, if any. */
    private IOException fill(ContentStore s) {
        try {
            for (int i = 0; i < 40; i++) put(s, i % 4 == 0 ? BlobType.TREE : BlobType.DATA, random(3000, 100 + i));
            s.flush();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5, 8, 13})
    void failingPutsNeverLeaveAnIndexNamingAMissingPack(int okPuts) throws Exception {
        MemoryStorage mem = new MemoryStorage();
        FaultInjectingStorage faulty = new FaultInjectingStorage(mem).failPutsAfter(okPuts);
        IOException error = fill(store(faulty, new ChunkIndex(), new RepositoryCache(cacheDir), 8 * 1024));
        assertThat(error).isNotNull();
        assertThat(error).hasStackTraceContaining("injected fault");
        assertThat(mem.size()).isLessThanOrEqualTo(okPuts);
        assertIndexesNameOnlyStoredPacks(mem);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 5_000, 20_000, 60_000, 100_000})
    void runningOutOfSpaceNeverLeavesAnIndexNamingAMissingPack(long bytes) throws Exception {
        MemoryStorage mem = new MemoryStorage();
        FaultInjectingStorage faulty = new FaultInjectingStorage(mem).noSpaceAfterBytes(bytes);
        IOException error = fill(store(faulty, 8 * 1024));
        assertThat(error).isNotNull();
        assertThat(error).hasStackTraceContaining("No space left on device");
        assertThat(mem.totalBytes()).isLessThanOrEqualTo(bytes);
        assertIndexesNameOnlyStoredPacks(mem);
    }

    @Test
    void aFailedPackUploadFailsTheStoreAndWritesNoIndex() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        FaultInjectingStorage faulty = new FaultInjectingStorage(mem)
                .failPutsMatching(n -> n.startsWith("data/"), new IOException("injected: pack upload refused"));
        ContentStore s = store(faulty, 8 * 1024);
        IOException error = fill(s);
        assertThat(error).hasStackTraceContaining("injected: pack upload refused");
        assertThat(mem.size()).isZero();
        // the failure sticks: later calls fail too instead of silently losing blobs
        faulty.clearFaults();
        assertThatThrownBy(() -> {
            put(s, BlobType.DATA, random(10_000, 999));
            s.flush();
        }).isInstanceOf(IOException.class);
        assertIndexesNameOnlyStoredPacks(mem);
    }

    @Test
    void aFailedIndexWriteFailsFlush() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        FaultInjectingStorage faulty = new FaultInjectingStorage(mem)
                .failPutsMatching(n -> n.startsWith("index/"), new IOException("injected: index refused"));
        ContentStore s = store(faulty, 8 * 1024);
        IOException error = fill(s);
        assertThat(error).hasStackTraceContaining("injected: index refused");
        assertThat(mem.list("index/")).isEmpty();
        assertThat(mem.list("data/")).isNotEmpty(); // unreferenced packs are left for prune
    }

    @Test
    void aFlushRetriedAfterAFailedIndexWriteIndexesEverything() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        FaultInjectingStorage faulty = new FaultInjectingStorage(mem)
                .failPutsMatching(n -> n.startsWith("index/"), new IOException("injected: index refused"));
        ContentStore s = store(faulty, 1 << 20);
        byte[] a = random(5000, 21);
        Id id = put(s, BlobType.DATA, a);
        assertThatThrownBy(s::flush).isInstanceOf(IOException.class);
        faulty.clearFaults();
        s.put(BlobType.DATA, id, a, 0, a.length, ZSTD); // deduplicated against the in-memory index
        s.flush();
        Set<Id> indexed = new HashSet<>();
        indexFiles(mem).values().forEach(f -> f.blobs().forEach(b -> indexed.add(b.id())));
        assertThat(indexed).contains(id);
    }
}
