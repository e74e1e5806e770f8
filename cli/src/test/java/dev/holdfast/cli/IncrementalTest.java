package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.Stat;
import java.nio.file.Path;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.LocalStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backup reads and adds when little or nothing changed. */
class IncrementalTest extends CliTestSupport {
    private static final int MIB = 1024 * 1024;
    private static final int FILES = 23;
    private static final long TOTAL = 3L * MIB + 20 * 1000 + 2 * MIB;

    /** Where the sources live: a directory whose ancestors do not change between backups. */
    @TempDir(factory = StableTempDir.class)
    Path stable;

    private long dataBlobs() {
        return json(ok("stats", "--json").out()).path("data_blobs").asLong();
    }

    /** 23 files: a 3 MiB file, 20 files of 1000 bytes in nested directories, a 2 MiB file, an empty file. */
    private byte[] tree(String name, long seed) throws Exception {
        byte[] src = mkdir(Fs.b(stable.resolve(name)));
        write(child(src, "three-mib"), Fs.random(seed, 3 * MIB));
        for (int d = 0; d < 4; d++) {
            byte[] dir = mkdir(child(src, "dir" + d));
            byte[] inner = mkdir(child(dir, "inner"));
            for (int f = 0; f < 5; f++) write(child(f % 2 == 0 ? dir : inner, "f" + f), Fs.random(seed + 10 * d + f + 1, 1000));
        }
        write(child(src, "two-mib"), Fs.random(seed + 1000, 2 * MIB));
        write(child(src, "empty"), new byte[0]);
        return src;
    }

    private static void assertCounts(JsonNode summary, long fresh, long changed, long unchanged) {
        assertThat(summary.path("files_new").asLong()).as("files_new in %s", summary).isEqualTo(fresh);
        assertThat(summary.path("files_changed").asLong()).as("files_changed in %s", summary).isEqualTo(changed);
        assertThat(summary.path("files_unchanged").asLong()).as("files_unchanged in %s", summary).isEqualTo(unchanged);
    }

    @Test
    void secondBackupWithoutChangesReadsAndAddsNothing() throws Exception {
        byte[] src = tree("src", 1);
        init();
        JsonNode first = backup(Fs.s(src));
        assertCounts(first, FILES, 0, 0);
        assertThat(first.path("bytes_read").asLong()).isEqualTo(TOTAL);
        assertThat(first.path("bytes_added").asLong()).isPositive();
        long blobs = json(ok("stats", "--json").out()).path("data_blobs").asLong();

        JsonNode second = backup(Fs.s(src));
        assertCounts(second, 0, 0, FILES);
        assertThat(second.path("bytes_read").asLong()).isZero();
        assertThat(second.path("bytes_added").asLong()).isZero();
        assertThat(second.path("blobs_added").asLong()).isZero();
        assertThat(second.path("total_bytes").asLong()).isEqualTo(TOTAL);
        assertThat(json(ok("stats", "--json").out()).path("data_blobs").asLong()).isEqualTo(blobs);

        Path out = work.resolve("out");
        ok("restore", "latest:" + Fs.s(src), "--target", out.toString());
        assertThat(TreeDiff.diffContents(src, Fs.b(out))).isEmpty();
    }

    @Test
    void onlyTheTouchedFileIsRead() throws Exception {
        byte[] src = tree("src", 2);
        init();
        backup(Fs.s(src));
        byte[] touched = child(child(src, "dir2"), "f0");
        Stat before = Posix.lstat(touched);
        Posix.utimens(touched, before.atimeNs(), before.mtimeNs() + 1);
        long blobs = dataBlobs();
        JsonNode second = backup(Fs.s(src));
        assertCounts(second, 0, 1, FILES - 1);
        assertThat(second.path("bytes_read").asLong()).isEqualTo(1000);
        assertThat(dataBlobs()).as("same content, no new chunk").isEqualTo(blobs);
        assertThat(second.path("bytes_added").asLong()).as("only the trees above the file").isPositive().isLessThan(4096);

        write(child(src, "new-file"), "brand new");
        JsonNode third = backup(Fs.s(src));
        assertCounts(third, 1, 0, FILES);
        assertThat(third.path("bytes_read").asLong()).isEqualTo(9);
    }

    @Test
    void aFileReplacedWithTheSameSizeAndMtimeIsReadAgain() throws Exception {
        byte[] src = tree("src", 3);
        init();
        backup(Fs.s(src));
        byte[] f = child(src, "two-mib");
        Stat old = Posix.lstat(f);
        byte[] tmp = write(child(src, ".tmp"), Fs.random(99, 2 * MIB));
        Posix.utimens(tmp, old.atimeNs(), old.mtimeNs());
        java.nio.file.Files.move(Path.of(Fs.s(tmp)), Path.of(Fs.s(f)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Posix.lstat(f).mtimeNs()).isEqualTo(old.mtimeNs());
        JsonNode second = backup(Fs.s(src));
        assertCounts(second, 0, 1, FILES - 1);
        assertThat(second.path("bytes_read").asLong()).isEqualTo(2 * MIB);
        Path out = work.resolve("out");
        ok("restore", "latest:" + Fs.s(f), "--target", out.toString());
        assertThat(Fs.read(Fs.b(out.resolve("two-mib")))).isEqualTo(Fs.random(99, 2 * MIB));
    }

    @Test
    void oneChangedByteInALargeFileAddsOnlyAChunkOrTwo() throws Exception {
        byte[] src = mkdir(Fs.b(stable.resolve("src")));
        byte[] big = write(child(src, "big"), Fs.random(4, 20 * MIB));
        init();
        JsonNode first = backup(Fs.s(src));
        long firstAdded = first.path("bytes_added").asLong();
        long firstBlobs = dataBlobs();
        assertThat(firstBlobs).as("a 20 MiB file is cut into many chunks").isGreaterThanOrEqualTo(5);
        Fs.patch(big, 10 * MIB + 12345, new byte[] {(byte) ~Fs.random(4, 20 * MIB)[10 * MIB + 12345]});
        JsonNode second = backup(Fs.s(src));
        assertCounts(second, 0, 1, 0);
        assertThat(second.path("bytes_read").asLong()).isEqualTo(20L * MIB);
        // Usually one chunk, two when the change moves a cut point (the chunker's key is random per repository).
        assertThat(dataBlobs() - firstBlobs).isBetween(1L, 3L);
        assertThat(second.path("bytes_added").asLong()).isPositive().isLessThan(firstAdded / 3);
        Path out = work.resolve("out");
        ok("restore", "latest:" + Fs.s(src), "--target", out.toString());
        assertThat(TreeDiff.diffContents(src, Fs.b(out))).isEmpty();
    }

    @Test
    void identicalContentInAnotherDirectoryIsDeduplicated() throws Exception {
        byte[] one = tree("one", 5);
        byte[] two = tree("two", 5);
        init();
        JsonNode first = backup(Fs.s(one));
        assertThat(first.path("bytes_added").asLong()).isPositive();
        long blobs = dataBlobs();
        JsonNode second = backup(Fs.s(two));
        assertCounts(second, FILES, 0, 0);
        assertThat(second.path("bytes_read").asLong()).isEqualTo(TOTAL);
        assertThat(dataBlobs()).as("every chunk deduplicated").isEqualTo(blobs);
        assertThat(second.path("bytes_added").asLong()).as("only trees (names, inodes and times differ)").isLessThan(16 * 1024);
        assertThat(second.path("snapshot_id").asText()).isNotEqualTo(first.path("snapshot_id").asText());
    }

    @Test
    void theParentIsTheLatestSnapshotOfTheSameHostAndPaths() throws Exception {
        byte[] src = tree("src", 6);
        byte[] other = mkdir(Fs.b(stable.resolve("other")));
        write(child(other, "x"), "x");
        init();
        backup("--host", "h1", Fs.s(src));
        assertCounts(backup("--host", "h2", Fs.s(src)), FILES, 0, 0);
        assertCounts(backup("--host", "h1", Fs.s(src), Fs.s(other)), FILES + 1, 0, 0);
        assertCounts(backup("--host", "h1", Fs.s(src)), 0, 0, FILES);
        assertCounts(backup("--host", "h1", Fs.s(other), Fs.s(src)), 0, 0, FILES + 1);
    }

    /** The id of the tree stored for a directory in a snapshot. */
    private String subtree(String snapshotId, byte[] dir) throws Exception {
        try (Repository repo = Repository.open(new LocalStorage(work.resolve("repo")), Fs.b("test-password"), null)) {
            Tree t = repo.tree(Id.parse(repo.readSnapshot(Repository.SNAPSHOTS + snapshotId).snapshot().tree()));
            Node n = null;
            for (byte[] name : BytePaths.components(dir)) {
                n = t.find(name);
                t = repo.tree(n.subtree());
            }
            return n.subtree().hex();
        }
    }

    @Test
    void secondBackupWithoutChangesStoresNoNewTrees() throws Exception {
        byte[] src = tree("src", 7);
        init();
        String first = backup(Fs.s(src)).path("snapshot_id").asText();
        String second = backup(Fs.s(src)).path("snapshot_id").asText();
        assertThat(subtree(second, src)).isEqualTo(subtree(first, src));
    }

    @Test
    void treesOfAnUnchangedDirectoryAreReusedOnceSettled() throws Exception {
        byte[] src = tree("src", 8);
        init();
        backup(Fs.s(src));
        String second = backup(Fs.s(src)).path("snapshot_id").asText();
        String third = backup(Fs.s(src)).path("snapshot_id").asText();
        assertThat(subtree(third, src)).isEqualTo(subtree(second, src));
    }

    @Test
    void bytesAddedCountsEverythingStored() throws Exception {
        byte[] src = tree("src", 9);
        init();
        JsonNode first = backup(Fs.s(src));
        JsonNode stats = json(ok("stats", "--json").out());
        assertThat(first.path("bytes_added").asLong()).isEqualTo(stats.path("stored_bytes").asLong());
        assertThat(first.path("blobs_added").asLong()).isEqualTo(stats.path("data_blobs").asLong() + stats.path("tree_blobs").asLong());
    }
}
