package dev.holdfast.engine.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The copy engine between in-memory repositories, with faults injected on either side. */
class CopyTest {
    private static final byte[] PW = "pw".getBytes(StandardCharsets.UTF_8);
    private static final ChunkerParams SMALL = new ChunkerParams(1024, 4096, 16384);
    private static final RepositoryInit.Options OPTIONS = new RepositoryInit.Options(SMALL, 3, 1 << 20);

    private static Repository init(FaultInjectingStorage s, RepositoryInit.Inherited inherited) throws IOException {
        return RepositoryInit.init(s, PW, OPTIONS, inherited, null, "2025-01-01T00:00:00Z", "h", "u");
    }

    private static byte[] data(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Stores files (name → content) as a one-directory snapshot, chunked as a backup would. */
    private static SnapshotRef snapshot(Repository repo, String time, byte[]... files) throws IOException {
        ContentStore store = repo.content();
        FastCdc cdc = new FastCdc(repo.config().chunkerParams(), repo.config().chunkerSecretBytes());
        Compressor c = new Compressor(3);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            List<Id> chunks = new ArrayList<>();
            for (int off = 0; off < files[i].length; ) {
                int len = cdc.cut(files[i], off, Math.min(files[i].length - off, SMALL.max()));
                Id id = store.id(files[i], off, len);
                store.put(BlobType.DATA, id, files[i], off, len, c);
                chunks.add(id);
                off += len;
            }
            nodes.add(new Node(NodeType.FILE, ("f" + i).getBytes(StandardCharsets.UTF_8), 0644, 0, 0, "", "", files[i].length, 1, 1, 1,
                    i, 1, 1, 0, null, List.of(), chunks, List.of(), null));
        }
        Id root = repo.saveTree(new Tree(nodes), c);
        store.flush();
        return repo.saveSnapshot(new Snapshot(1, time, "h", "u", 0, 0, List.of("/"), List.of(), root.hex(), null, "holdfast", null));
    }

    /** The file contents of a snapshot's root directory, read back from the repository. */
    private static List<byte[]> contents(Repository repo, String tree) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Node n : repo.tree(Id.parse(tree)).nodes()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Id c : n.content()) b.write(repo.content().get(BlobType.DATA, c));
            out.add(b.toByteArray());
        }
        return out;
    }

    private static List<Copy.Outcome> copy(Repository from, Repository to) throws IOException {
        return new Copy(from, to, 3, m -> { }).run(from.snapshots(), o -> { });
    }

    @Test
    void sameChunkingCopiesBlobsAsStoredAndSkipsWhatIsThere() throws IOException {
        FaultInjectingStorage a = new FaultInjectingStorage(new MemoryStorage()), b = new FaultInjectingStorage(new MemoryStorage());
        Repository src = init(a, null);
        byte[] f0 = data(1, 100_000), f1 = data(2, 5000);
        SnapshotRef s = snapshot(src, "2025-01-01T00:00:00Z", f0, f1);
        Repository dst = init(b, RepositoryInit.Inherited.from(src));
        assertThat(Copy.sameChunking(src, dst)).isTrue();
        Copy.Outcome o = copy(src, dst).getFirst();
        assertThat(o.ok()).isTrue();
        assertThat(o.blobsSent()).isEqualTo(src.content().index().size());
        SnapshotRef copied = dst.snapshots().getFirst();
        assertThat(copied.snapshot().original()).isEqualTo(s.id());
        assertThat(copied.snapshot().tree()).isEqualTo(s.snapshot().tree());
        assertThat(contents(dst, copied.snapshot().tree())).containsExactly(f0, f1);

        long reads = a.calls(FaultInjectingStorage.Op.GET_RANGE);
        Copy.Outcome again = copy(src, dst).getFirst();
        assertThat(again.skipped()).isTrue();
        assertThat(a.calls(FaultInjectingStorage.Op.GET_RANGE)).as("nothing read for a snapshot already there").isEqualTo(reads);
    }

    @Test
    void otherChunkingIsRechunkedExactlyAsTheTargetsChunkerCuts() throws IOException {
        Repository src = init(new FaultInjectingStorage(new MemoryStorage()), null);
        byte[] f0 = data(3, 200_000);
        SnapshotRef s = snapshot(src, "2025-01-01T00:00:00Z", f0, new byte[0]);
        Repository dst = init(new FaultInjectingStorage(new MemoryStorage()), null);
        assertThat(Copy.sameChunking(src, dst)).isFalse();
        assertThat(copy(src, dst).getFirst().ok()).isTrue();
        SnapshotRef copied = dst.snapshots().getFirst();
        assertThat(copied.snapshot().tree()).isNotEqualTo(s.snapshot().tree());
        assertThat(contents(dst, copied.snapshot().tree())).containsExactly(f0, new byte[0]);
        // the chunks are those a backup into the target would have made
        Tree t = dst.tree(Id.parse(copied.snapshot().tree()));
        FastCdc cdc = new FastCdc(dst.config().chunkerParams(), dst.config().chunkerSecretBytes());
        List<Id> expected = new ArrayList<>();
        for (int off = 0; off < f0.length; ) {
            int len = cdc.cut(f0, off, Math.min(f0.length - off, SMALL.max()));
            expected.add(dst.content().id(f0, off, len));
            off += len;
        }
        assertThat(t.nodes().getFirst().content()).isEqualTo(expected);
    }

    @Test
    void aFailingTargetAbortsAndTheNextRunFinishesTheCopy() throws IOException {
        Repository src = init(new FaultInjectingStorage(new MemoryStorage()), null);
        snapshot(src, "2025-01-01T00:00:00Z", data(4, 3_000_000), data(5, 2_000_000));
        FaultInjectingStorage b = new FaultInjectingStorage(new MemoryStorage());
        Repository dst = init(b, RepositoryInit.Inherited.from(src));
        b.failPutsAfter(2);
        assertThatThrownBy(() -> copy(src, dst)).isInstanceOf(IOException.class);
        assertThat(dst.snapshots()).isEmpty();
        b.clearFaults();
        Repository reopened = Repository.open(b, PW, null);
        assertThat(copy(src, reopened).getFirst().ok()).isTrue();
        assertThat(contents(reopened, reopened.snapshots().getFirst().snapshot().tree())).containsExactly(data(4, 3_000_000), data(5, 2_000_000));
    }

    @Test
    void aCorruptSourceBlobFailsOnlyItsSnapshotAndIsNeverWritten() throws IOException {
        FaultInjectingStorage a = new FaultInjectingStorage(new MemoryStorage());
        Repository src = init(a, null);
        byte[] bad = data(6, 3000);
        SnapshotRef s1 = snapshot(src, "2025-01-01T00:00:00Z", bad);
        SnapshotRef s2 = snapshot(src, "2025-01-02T00:00:00Z", data(7, 3000));
        Id badChunk = src.tree(Id.parse(s1.snapshot().tree())).nodes().getFirst().content().getFirst();
        String pack = ContentStore.packName(src.content().locate(BlobType.DATA, badChunk).pack());
        long off = src.content().locate(BlobType.DATA, badChunk).offset();
        a.corrupt(pack, b -> {
            b[(int) off + 20] ^= 1;
            return b;
        });
        for (boolean same : new boolean[] {true, false}) {
            Repository dst = init(new FaultInjectingStorage(new MemoryStorage()), same ? RepositoryInit.Inherited.from(src) : null);
            List<Copy.Outcome> out = copy(src, dst);
            assertThat(out.get(0).ok()).isFalse();
            assertThat(out.get(0).errors()).singleElement().asString().contains("snapshot " + s1.shortId()).contains("/f0")
                    .contains(pack.substring(pack.lastIndexOf('/') + 1)).contains("damaged");
            assertThat(out.get(1).ok()).isTrue();
            assertThat(dst.snapshots()).extracting(r -> r.snapshot().original()).containsExactly(s2.id());
            if (same) assertThat(dst.content().contains(BlobType.DATA, badChunk)).isFalse();
        }
    }

    @Test
    void theSameRepositoryIsRefused() throws IOException {
        Repository r = init(new FaultInjectingStorage(new MemoryStorage()), null);
        assertThatThrownBy(() -> new Copy(r, r, 1, m -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same repository");
    }

    @Test
    void reChunkingASecondSnapshotReadsOnlyWhatChangedSinceTheFirstCopy() throws IOException {
        FaultInjectingStorage a = new FaultInjectingStorage(new MemoryStorage());
        Repository src = init(a, null);
        byte[] big = data(8, 2_000_000), small = data(9, 50_000);
        snapshot(src, "2025-01-01T00:00:00Z", big, small);
        Repository dst = init(new FaultInjectingStorage(new MemoryStorage()), null);
        assertThat(copy(src, dst).getFirst().ok()).isTrue();
        byte[] changed = data(10, 60_000);
        snapshot(src, "2025-01-02T00:00:00Z", big, changed);
        a.resetCounters();
        Repository again = Repository.open(dst.storage(), PW, null); // a new run: learns from the first copy
        List<Copy.Outcome> out = copy(src, again);
        assertThat(out.get(1).ok()).isTrue();
        assertThat(a.bytesRead()).as("only the changed file is read again, not the 2 MB one").isLessThan(500_000);
        assertThat(contents(again, again.snapshots().getLast().snapshot().tree())).containsExactly(big, changed);
    }
}
