package dev.holdfast.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryInit;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.FaultInjectingStorage;
import dev.holdfast.storage.MemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's restore from an in-memory repository: pack-oriented reads, shared chunks, damage. */
class RestoreTest {
    private static final byte[] PW = "pw".getBytes(StandardCharsets.UTF_8);
    private static final ChunkerParams SMALL = new ChunkerParams(1024, 4096, 16384);
    private static final RepositoryInit.Options OPTIONS = new RepositoryInit.Options(SMALL, 3, 1 << 20);

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] data(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Stores a chunk of content and returns its id. */
    private static Id put(Repository repo, byte[] d, int off, int len) throws IOException {
        Id id = repo.content().id(d, off, len);
        repo.content().put(BlobType.DATA, id, d, off, len, new Compressor(3));
        return id;
    }

    private static Node file(String name, long size, List<Id> chunks, long mtime) {
        return new Node(NodeType.FILE, name.getBytes(StandardCharsets.UTF_8), 0640, 0, 0, "", "", size, mtime * 1_000_000_000L, mtime * 1_000_000_000L, 0,
                0, 1, 1, 0, null, List.of(), chunks, List.of(), null);
    }

    /** A snapshot of one directory holding the files (name → content), chunked as a backup would. */
    private static SnapshotRef snapshot(Repository repo, Map<String, byte[]> files, List<Node> extra) throws IOException {
        ContentStore store = repo.content();
        FastCdc cdc = new FastCdc(repo.config().chunkerParams(), repo.config().chunkerSecretBytes());
        List<Node> nodes = new ArrayList<>();
        long t = 1_600_000_000L;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] d = f.getValue();
            List<Id> chunks = new ArrayList<>();
            for (int off = 0; off < d.length; ) {
                int len = cdc.cut(d, off, Math.min(d.length - off, SMALL.max()));
                chunks.add(put(repo, d, off, len));
                off += len;
            }
            nodes.add(file(f.getKey(), d.length, chunks, t++));
        }
        nodes.addAll(extra);
        nodes.sort((a, b) -> java.util.Arrays.compare(a.name(), b.name()));
        Id root = repo.saveTree(new Tree(nodes), new Compressor(3));
        store.flush();
        return repo.saveSnapshot(new Snapshot(1, "2025-01-01T00:00:00Z", "h", "u", 0, 0, List.of("/"), List.of(), root.hex(), null, "holdfast", null));
    }

    private RestoreResult restore(Repository repo, SnapshotRef s, Path target) throws IOException {
        byte[] t = target.toString().getBytes(StandardCharsets.UTF_8);
        return new Restore(repo, s, new RestoreOptions(t, "/", PathFilter.ALL, 4), new AtomicLong()).run();
    }

    /** Many small files (several batches), a file over several packs, and chunks used more than once. */
    private static Map<String, byte[]> corpus() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 2 * PackRestorer.BATCH_FILES + 100; i++) files.put(String.format("small-%04d", i), data(i, 200 + i * 7 % 3000));
        files.put("big", data(-1, 3_500_000));
        files.put("big-copy", data(-1, 3_500_000));
        files.put("empty", new byte[0]);
        return files;
    }

    @Test
    void restoresEveryFileWithFewRangedReadsPerPack() throws IOException {
        FaultInjectingStorage s = new FaultInjectingStorage(new MemoryStorage());
        Repository repo = RepositoryInit.init(s, PW, OPTIONS, null, null, "2025-01-01T00:00:00Z", "h", "u");
        Map<String, byte[]> files = corpus();
        // a file made of one chunk three times over, and a sparse one: "x" at 0, a hole, the same chunk at 1 MiB
        byte[] block = data(7, 3000);
        Id b = put(repo, block, 0, block.length);
        Node repeated = file("repeated", 3L * block.length, List.of(b, b, b), 1);
        Node sparse = new Node(NodeType.FILE, "sparse".getBytes(StandardCharsets.UTF_8), 0600, 0, 0, "", "", 3 << 20, 0, 0, 0, 0, 1, 1, 0, null,
                List.of(), List.of(b), List.of(new Node.Extent(1000, 1000), new Node.Extent(1 << 20, 2000)), null);
        SnapshotRef snap = snapshot(repo, files, List.of(repeated, sparse));
        s.resetCounters();

        RestoreResult r = restore(repo, snap, dir.resolve("out"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.files()).isEqualTo(files.size() + 2);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve("out").resolve(f.getKey());
            assertThat(Files.readAllBytes(p)).as(f.getKey()).isEqualTo(f.getValue());
            assertThat(Files.getPosixFilePermissions(p)).hasToString("[OWNER_READ, OWNER_WRITE, GROUP_READ]");
        }
        assertThat(Files.getLastModifiedTime(dir.resolve("out/small-0003")).toMillis()).isEqualTo(1_600_000_003_000L);
        byte[] thrice = new byte[3 * block.length];
        for (int i = 0; i < 3; i++) System.arraycopy(block, 0, thrice, i * block.length, block.length);
        assertThat(Files.readAllBytes(dir.resolve("out/repeated"))).isEqualTo(thrice);
        byte[] holes = new byte[3 << 20];
        System.arraycopy(block, 0, holes, 1000, 1000);
        System.arraycopy(block, 1000, holes, 1 << 20, 2000);
        assertThat(Files.readAllBytes(dir.resolve("out/sparse"))).isEqualTo(holes);

        long dataPacks = s.delegate().list("data/").size();
        assertThat(s.calls(FaultInjectingStorage.Op.GET_RANGE))
                .as("ranged reads for %d files in %d data packs", files.size() + 2, dataPacks)
                .isLessThanOrEqualTo(6 * dataPacks);
    }

    @Test
    void damagedOrUnreadablePacksFailOnlyTheFilesThatNeedThem() throws IOException {
        FaultInjectingStorage s = new FaultInjectingStorage(new MemoryStorage());
        Repository repo = RepositoryInit.init(s, PW, OPTIONS, null, null, "2025-01-01T00:00:00Z", "h", "u");
        Map<String, byte[]> files = corpus();
        files.put("tail", data(-2, 2_500_000));
        Node missing = file("missing", 10, List.of(Id.parse("00".repeat(32))), 1);
        SnapshotRef snap = snapshot(repo, files, List.of(missing));
        Tree root = repo.tree(Id.parse(snap.snapshot().tree()));
        String damaged = ContentStore.packName(repo.content().locate(BlobType.DATA, root.find(bytes("small-0000")).content().getFirst()).pack());
        String unreadable = ContentStore.packName(repo.content().locate(BlobType.DATA, root.find(bytes("tail")).content().getLast()).pack());
        assertThat(damaged).isNotEqualTo(unreadable);
        s.corrupt(damaged, b -> {
            byte[] c = b.clone();
            for (int i = 100; i < c.length; i += 4096) c[i] ^= 1;
            return c;
        });
        s.fail(Set.of(FaultInjectingStorage.Op.GET_RANGE, FaultInjectingStorage.Op.GET), unreadable::equals, new IOException("connection reset"));

        RestoreResult r = restore(repo, snap, dir.resolve("out"));
        assertThat(r.errors()).isNotEmpty();
        assertThat(String.join("\n", r.errors())).contains("missing: chunk 00000000", "is missing from the repository", "is damaged", "connection reset");
        int failed = 0;
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = dir.resolve("out").resolve(f.getKey());
            String shown = p.toString();
            boolean reported = r.errors().stream().anyMatch(e -> e.startsWith(shown + ": "));
            assertThat(r.errors().stream().filter(e -> e.startsWith(shown + ": ")).count()).as("one error per file").isLessThanOrEqualTo(1);
            if (reported) failed++;
            else assertThat(Files.readAllBytes(p)).as(f.getKey() + " not reported, so restored").isEqualTo(f.getValue());
        }
        assertThat(failed).isPositive().isLessThan(files.size());
        assertThat(r.files()).isEqualTo(files.size() - failed);
    }
}
