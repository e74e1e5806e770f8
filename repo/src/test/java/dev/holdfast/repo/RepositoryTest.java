package dev.holdfast.repo;

import static dev.holdfast.repo.TestData.random;
import static dev.holdfast.repo.TestData.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.compress.Compressor;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.content.BlobNotFoundException;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.keys.Keys;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.FaultInjectingStorage;
import dev.holdfast.storage.MemoryStorage;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repository init and open on MemoryStorage. Each init runs scrypt once with the default parameters. */
class RepositoryTest {
    private static final byte[] PASSWORD = "s3cret pass".getBytes(StandardCharsets.UTF_8);
    private static final Compressor ZSTD = new Compressor(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cacheBase;

    private static Repository init(Storage storage, Path cache) throws IOException {
        return RepositoryInit.init(storage, PASSWORD, RepositoryInit.Options.DEFAULT, cache, "2025-03-04T05:06:07Z", "host1", "alice");
    }

    /** Every blob's name and bytes. */
    private static Map<String, String> contents(Storage storage) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (BlobInfo b : storage.list("")) out.put(b.name(), TestData.hex(storage.get(b.name())));
        return out;
    }

    private static Snapshot snapshot(String time, String tree) {
        return new Snapshot(1, time, "host1", "alice", 1000, 1000, List.of("/home/alice"), List.of("daily"), tree, null,
                "holdfast test", new Snapshot.Summary(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 1.5));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    void initThenOpenWithThePassword() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        RepositoryConfig created;
        String keyId;
        byte[] masterEnc, masterId;
        try (Repository repo = init(storage, cacheBase)) {
            created = repo.config();
            keyId = repo.keyId();
            masterEnc = repo.masterKey().encryption();
            masterId = repo.masterKey().id();
        }
        assertThat(created.version()).isEqualTo(1);
        assertThat(Id.isHex(created.id())).isTrue();
        assertThat(created.created()).isEqualTo("2025-03-04T05:06:07Z");
        assertThat(created.chunker()).isEqualTo("fastcdc-v1");
        assertThat(created.chunkerParams()).isEqualTo(ChunkerParams.DEFAULT);
        assertThat(created.chunkerSecretBytes()).hasSize(32);
        assertThat(created.hash()).isEqualTo("hmac-sha256");
        assertThat(created.cipher()).isEqualTo("aes-256-gcm");
        assertThat(created.compression()).isEqualTo("zstd");
        assertThat(created.compressionLevel()).isEqualTo(3);
        assertThat(created.packSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(storage.list("")).extracting(BlobInfo::name).containsExactly("config", "keys/" + keyId);
        assertThat(Arrays.copyOf(storage.get("config"), 4)).containsExactly('H', 'F', 'C', 1);
        assertThat(Hashes.sha256(storage.get("keys/" + keyId)).hex()).isEqualTo(keyId);

        try (Repository repo = Repository.open(storage, PASSWORD, cacheBase)) {
            assertThat(repo.config()).isEqualTo(created);
            assertThat(repo.keyId()).isEqualTo(keyId);
            assertThat(repo.masterKey().encryption()).isEqualTo(masterEnc);
            assertThat(repo.masterKey().id()).isEqualTo(masterId);
            assertThat(repo.storage()).isSameAs(storage);
            assertThat(repo.keys().list()).extracting(Keys.Entry::id).containsExactly(keyId);
            JsonNode shown = JSON.readTree(repo.configJson());
            assertThat(shown.get("chunkerSecret").textValue()).isEqualTo("(secret)");
            assertThat(shown.get("id").textValue()).isEqualTo(created.id());
            assertThat(repo.configJson()).doesNotContain(created.chunkerSecret());
        }
    }

    @Test
    void wrongPasswordIsWrongPasswordException() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        init(storage, null).close();
        assertThatThrownBy(() -> Repository.open(storage, "s3cret pasS".getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(WrongPasswordException.class).hasMessageContaining(storage.location());
    }

    @Test
    void openingEmptyStorageIsRepositoryNotFound() {
        MemoryStorage storage = new MemoryStorage();
        assertThatThrownBy(() -> Repository.open(storage, PASSWORD, cacheBase)).isInstanceOf(RepositoryNotFoundException.class)
                .hasMessageContaining(storage.location());
    }

    @Test
    void initTwiceIsRepositoryExistsAndChangesNothing() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Repository repo = init(storage, null)) {
            repo.saveSnapshot(snapshot("2025-01-01T00:00:00Z", TestData.id(1).hex()));
        }
        Map<String, String> before = contents(storage);
        assertThatThrownBy(() -> init(storage, null)).isInstanceOf(RepositoryExistsException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(contents(storage)).isEqualTo(before);
        // also when only the key files are left, or only data
        MemoryStorage keysOnly = new MemoryStorage();
        keysOnly.put("keys/abc", "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> init(keysOnly, null)).isInstanceOf(RepositoryExistsException.class);
        assertThat(keysOnly.list("")).extracting(BlobInfo::name).containsExactly("keys/abc");
        MemoryStorage dataOnly = new MemoryStorage();
        dataOnly.put("data/00/00", new byte[] {1});
        dataOnly.put("snapshots/x", new byte[] {2});
        assertThatThrownBy(() -> init(dataOnly, null)).isInstanceOf(RepositoryExistsException.class);
        assertThat(dataOnly.size()).isEqualTo(2);
    }

    @Test
    void anInitInterruptedBeforeTheConfigCanBeRedone() throws Exception {
        FaultInjectingStorage storage = new FaultInjectingStorage(new MemoryStorage())
                .failPutsMatching(Repository.CONFIG::equals, new IOException("injected: disk full"));
        assertThatThrownBy(() -> init(storage, null)).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        storage.clearFaults();
        assertThatThrownBy(() -> Repository.open(storage, PASSWORD, null)).isInstanceOf(RepositoryNotFoundException.class);
        try (Repository repo = init(storage, null)) {
            assertThat(repo.config().version()).isEqualTo(1);
        }
        Repository.open(storage, PASSWORD, null).close();
    }

    @Test
    void initOptionsAreValidated() {
        assertThatThrownBy(() -> new RepositoryInit.Options(ChunkerParams.DEFAULT, 20, 16 << 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepositoryInit.Options(ChunkerParams.DEFAULT, 3, (1 << 20) - 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RepositoryInit.Options(ChunkerParams.DEFAULT, 3, (256 << 20) + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RepositoryInit.Options(ChunkerParams.DEFAULT, 0, 1 << 20).packSize()).isEqualTo(1 << 20);
    }

    @Test
    void aDamagedOrNewerConfigIsAFormatException() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        RepositoryConfig c;
        byte[] good;
        try (Repository repo = init(storage, null)) {
            c = repo.config();
            good = storage.get("config");
            RepositoryConfig newer = new RepositoryConfig(2, c.id(), c.created(), c.chunker(), c.chunkMin(), c.chunkAvg(), c.chunkMax(),
                    c.chunkerSecret(), c.hash(), c.cipher(), c.compression(), c.compressionLevel(), c.packSize());
            storage.put("config", Envelope.seal(repo.aead(), Envelope.CONFIG, JSON.writeValueAsBytes(newer), false));
        }
        assertThatThrownBy(() -> Repository.open(storage, PASSWORD, null)).isInstanceOf(FormatException.class)
                .hasMessage("config: repository format version 2 is not supported (this Holdfast reads version 1)");
        storage.put("config", TestData.flip(good, good.length - 1));
        assertThatThrownBy(() -> Repository.open(storage, PASSWORD, null)).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("config: damaged");
    }

    @Test
    void snapshotsAreListedOldestFirst() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Repository repo = init(storage, cacheBase)) {
            String tree = TestData.id(7).hex();
            SnapshotRef mid = repo.saveSnapshot(snapshot("2025-02-01T00:00:00Z", tree));
            SnapshotRef newest = repo.saveSnapshot(snapshot("2025-03-01T00:00:00.5Z", tree));
            SnapshotRef oldest = repo.saveSnapshot(snapshot("1969-12-31T23:59:59Z", tree));
            SnapshotRef sameTimeA = repo.saveSnapshot(snapshot("2025-02-15T00:00:00Z", TestData.id(8).hex()));
            SnapshotRef sameTimeB = repo.saveSnapshot(snapshot("2025-02-15T00:00:00Z", TestData.id(9).hex()));
            List<SnapshotRef> tie = new ArrayList<>(List.of(sameTimeA, sameTimeB));
            tie.sort(Comparator.comparing(SnapshotRef::id));
            assertThat(repo.snapshots()).extracting(SnapshotRef::id)
                    .containsExactly(oldest.id(), mid.id(), tie.get(0).id(), tie.get(1).id(), newest.id());
            assertThat(storage.list(Repository.SNAPSHOTS)).hasSize(5);
            byte[] file = storage.get(Repository.SNAPSHOTS + mid.id());
            assertThat(Hashes.sha256(file).hex()).isEqualTo(mid.id());
            assertThat(Arrays.copyOf(file, 4)).containsExactly('H', 'F', 'S', 1);
            assertThat(repo.readSnapshot(Repository.SNAPSHOTS + mid.id()).snapshot()).isEqualTo(mid.snapshot());
            assertThat(mid.shortId()).isEqualTo(mid.id().substring(0, 8));
            JsonNode json = JSON.readTree(repo.snapshotJson(mid.id()));
            assertThat(json.get("time").textValue()).isEqualTo("2025-02-01T00:00:00Z");
            assertThat(json.get("tree").textValue()).isEqualTo(tree);
            assertThat(json.has("parent")).isFalse();
        }
        // read again without the cache, by another process
        try (Repository repo = Repository.open(storage, PASSWORD, null)) {
            assertThat(repo.snapshots()).hasSize(5);
            assertThat(repo.snapshots().getFirst().snapshot().instant().toString()).isEqualTo("1969-12-31T23:59:59Z");
        }
    }

    @Test
    void aDamagedSnapshotIsAFormatExceptionNamingIt() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Repository repo = init(storage, null)) {
            SnapshotRef s = repo.saveSnapshot(snapshot("2025-02-01T00:00:00Z", TestData.id(7).hex()));
            String name = Repository.SNAPSHOTS + s.id();
            storage.put(name, TestData.flip(storage.get(name), 30));
            assertThatThrownBy(() -> repo.readSnapshot(name)).isInstanceOf(FormatException.class)
                    .hasMessageStartingWith(name + ": damaged");
            // authentic but not a snapshot
            storage.put(name, Envelope.seal(repo.aead(), Envelope.SNAPSHOT, "[1,2]".getBytes(StandardCharsets.UTF_8), false));
            assertThatThrownBy(() -> repo.readSnapshot(name)).isInstanceOf(FormatException.class)
                    .hasMessageStartingWith(name + ": unreadable snapshot");
        }
    }

    @Test
    void aDamagedCachedSnapshotIsReadFromStorage() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        try (Repository repo = init(storage, cacheBase)) {
            SnapshotRef s = repo.saveSnapshot(snapshot("2025-02-01T00:00:00Z", TestData.id(7).hex()));
            Path cached = cacheBase.resolve(repo.config().id()).resolve(Repository.SNAPSHOTS + s.id());
            assertThat(cached).exists();
            Files.write(cached, TestData.flip(Files.readAllBytes(cached), 40));
            assertThat(repo.readSnapshot(Repository.SNAPSHOTS + s.id()).snapshot()).isEqualTo(s.snapshot());
        }
    }

    @Test
    void treesRoundTripAndAreStoredOnce() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        Id id;
        Tree tree = new Tree(List.of(new Node(NodeType.FILE, "f".getBytes(StandardCharsets.UTF_8), 0644, 1, 2, "u", "g", 3, 4, 5, 6, 7, 8, 1, 0,
                null, List.of(), List.of(TestData.id(3)), List.of(), null)));
        try (Repository repo = init(storage, null)) {
            id = repo.saveTree(tree, ZSTD);
            assertThat(repo.saveTree(tree, ZSTD)).isEqualTo(id);
            assertThat(id).isEqualTo(new Hashes(repo.masterKey().id()).id(tree.encode()));
            repo.content().flush();
            assertThat(repo.tree(id).encode()).isEqualTo(tree.encode());
        }
        try (Repository repo = Repository.open(storage, PASSWORD, null)) {
            assertThat(repo.tree(id).encode()).isEqualTo(tree.encode());
            assertThat(repo.content().index().size()).isEqualTo(1);
            assertThatThrownBy(() -> repo.tree(TestData.id(5))).isInstanceOf(BlobNotFoundException.class);
        }
    }

    @Test
    void aDamagedIndexFileIsSkippedAndReported() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        byte[] a = random(20_000, 1), b = random(20_000, 2);
        Id ia, ib;
        String firstIndex;
        try (Repository repo = init(storage, null)) {
            ContentStore c = repo.content();
            ia = c.id(a, 0, a.length);
            c.put(BlobType.DATA, ia, a, 0, a.length, ZSTD);
            c.flush();
            assertThat(storage.list(IndexFile.PREFIX)).hasSize(1);
            firstIndex = storage.list(IndexFile.PREFIX).getFirst().name();
            ib = c.id(b, 0, b.length);
            c.put(BlobType.DATA, ib, b, 0, b.length, ZSTD);
            c.flush();
            assertThat(storage.list(IndexFile.PREFIX)).hasSize(2);
        }
        storage.put(firstIndex, TestData.flip(storage.get(firstIndex), 50));
        try (Repository repo = Repository.open(storage, PASSWORD, cacheBase)) {
            ContentStore c = repo.content();
            assertThat(repo.indexProblems()).singleElement().asString().startsWith(firstIndex + ": damaged");
            assertThat(c.get(BlobType.DATA, ib)).isEqualTo(b);
            assertThatThrownBy(() -> c.get(BlobType.DATA, ia)).isInstanceOf(BlobNotFoundException.class);
        }
    }

    @Test
    void aDamagedCachedIndexFileIsReadFromStorage() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        byte[] a = random(20_000, 3);
        Id ia;
        String configId;
        try (Repository repo = init(storage, cacheBase)) {
            configId = repo.config().id();
            ia = repo.content().id(a, 0, a.length);
            repo.content().put(BlobType.DATA, ia, a, 0, a.length, ZSTD);
            repo.content().flush();
        }
        String index = storage.list(IndexFile.PREFIX).getFirst().name();
        Path cached = cacheBase.resolve(configId).resolve(index);
        assertThat(cached).exists();
        Files.write(cached, TestData.flip(Files.readAllBytes(cached), 50));
        try (Repository repo = Repository.open(storage, PASSWORD, cacheBase)) {
            assertThat(repo.content().get(BlobType.DATA, ia)).isEqualTo(a);
            assertThat(repo.indexProblems()).isEmpty();
        }
    }

    @Test
    void deletingTheCacheLosesNothing() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        byte[] data = text(300_000, "file content ");
        Id dataId, treeId;
        SnapshotRef snap;
        String repoId;
        try (Repository repo = init(storage, cacheBase)) {
            repoId = repo.config().id();
            ContentStore c = repo.content();
            dataId = c.id(data, 0, data.length);
            c.put(BlobType.DATA, dataId, data, 0, data.length, ZSTD);
            Tree tree = new Tree(List.of(new Node(NodeType.FILE, "big.txt".getBytes(StandardCharsets.UTF_8), 0644, 0, 0, "root", "root",
                    data.length, 0, 0, 0, 1, 1, 1, 0, null, List.of(), List.of(dataId), List.of(), null)));
            treeId = repo.saveTree(tree, ZSTD);
            c.flush();
            snap = repo.saveSnapshot(snapshot("2025-05-05T05:05:05Z", treeId.hex()));
        }
        Path cache = cacheBase.resolve(repoId);
        assertThat(cache.resolve(Repository.SNAPSHOTS + snap.id())).exists();
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> cache.relativize(p).toString()))
                    .anyMatch(n -> n.startsWith("index/")).anyMatch(n -> n.startsWith("data/"));
        }
        deleteRecursively(cacheBase);
        try (Repository repo = Repository.open(storage, PASSWORD, cacheBase)) {
            List<SnapshotRef> snaps = repo.snapshots();
            assertThat(snaps).extracting(SnapshotRef::id).containsExactly(snap.id());
            Tree tree = repo.tree(Id.parse(snaps.getFirst().snapshot().tree()));
            assertThat(tree.nodes().getFirst().content()).containsExactly(dataId);
            assertThat(repo.content().get(BlobType.DATA, dataId)).isEqualTo(data);
            assertThat(repo.indexProblems()).isEmpty();
        }
        // and the cache was filled again
        assertThat(cache.resolve(Repository.SNAPSHOTS + snap.id())).exists();
        assertThat(Base64.getEncoder().encodeToString(storage.get(Repository.SNAPSHOTS + snap.id())))
                .isEqualTo(Base64.getEncoder().encodeToString(Files.readAllBytes(cache.resolve(Repository.SNAPSHOTS + snap.id()))));
    }

    @Test
    void cacheEntriesOfDeletedFilesAreDropped() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        String repoId;
        SnapshotRef gone, kept;
        try (Repository repo = init(storage, cacheBase)) {
            repoId = repo.config().id();
            gone = repo.saveSnapshot(snapshot("2025-01-01T00:00:00Z", TestData.id(1).hex()));
            kept = repo.saveSnapshot(snapshot("2025-01-02T00:00:00Z", TestData.id(2).hex()));
        }
        storage.delete(Repository.SNAPSHOTS + gone.id());
        try (Repository repo = Repository.open(storage, PASSWORD, cacheBase)) {
            assertThat(repo.snapshots()).extracting(SnapshotRef::id).containsExactly(kept.id());
        }
        assertThat(cacheBase.resolve(repoId).resolve(Repository.SNAPSHOTS + gone.id())).doesNotExist();
        assertThat(cacheBase.resolve(repoId).resolve(Repository.SNAPSHOTS + kept.id())).exists();
    }
}
