package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** holdfast copy and init --copy-chunker-params, end to end with real trees. */
class CopyTest extends CliTestSupport {
    private static final int MIB = 1024 * 1024;

    @TempDir(factory = StableTempDir.class)
    Path stable;

    Path source;

    @BeforeEach
    void sourceRepository() {
        source = work.resolve("source");
        cli.set("HOLDFAST_FROM_REPOSITORY", source.toString()).set("HOLDFAST_FROM_PASSWORD", "source-password");
        Cli.Result r = onSource("init", "--pack-size", "1");
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    /** Runs a command against the source repository (its own password). */
    private Cli.Result onSource(String... args) {
        Cli c = new Cli(work).set("HOLDFAST_REPOSITORY", source.toString()).set("HOLDFAST_PASSWORD", "source-password");
        return c.run(args);
    }

    private String backupSource(byte[] src, String... extra) {
        String[] args = new String[extra.length + 3];
        args[0] = "backup";
        args[1] = "--json";
        System.arraycopy(extra, 0, args, 2, extra.length);
        args[args.length - 1] = Fs.s(src);
        Cli.Result r = onSource(args);
        assertThat(r.exit()).as(r.toString()).isZero();
        return jsonLines(r.out()).getLast().path("snapshot_id").asText();
    }

    private byte[] tree(String name, long seed) throws Exception {
        byte[] src = mkdir(Fs.b(stable.resolve(name)));
        write(child(src, "big"), Fs.random(seed, 5 * MIB + 12345));
        write(child(src, "medium"), Fs.random(seed + 1, 700_000));
        byte[] d = mkdir(child(src, "dir"));
        for (int i = 0; i < 30; i++) write(child(d, "f" + i), Fs.random(seed + 10 + i, 100 + 997 * i));
        write(child(d, "empty"), new byte[0]);
        write(child(d, "text"), "hello ".repeat(50_000));
        java.nio.file.Files.createSymbolicLink(Path.of(Fs.s(child(src, "link"))), Path.of("dir/f1"));
        Fs.sparse(child(src, "sparse"), 3L * MIB, seed + 50, 4096, 2L * MIB);
        dev.holdfast.posix.Posix.link(child(d, "f7"), child(src, "hardlink"));
        Fs.sh("setfattr", "-n", "user.copy", "-v", "kept", Fs.s(child(src, "medium")));
        return src;
    }

    private List<JsonNode> copy(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "copy";
        all[1] = "--json";
        System.arraycopy(args, 0, all, 2, args.length);
        return jsonLines(ok(all).out());
    }

    private void assertRestores(String snapshot, byte[] src) throws Exception {
        Path out = work.resolve("out-" + System.nanoTime());
        ok("restore", snapshot, "--target", out.toString());
        TreeDiff.assertSameTree(src, under(out, src));
    }

    private long dataBlobs(Cli.Result stats) {
        return json(stats.out()).path("data_blobs").asLong();
    }

    @Test
    void sharedChunkerParamsCopyChunksAsStoredAndOnlyWhatIsMissing() throws Exception {
        byte[] src = tree("src", 1);
        String first = backupSource(src);
        ok("init", "--copy-chunker-params", "--from", source.toString());

        List<JsonNode> lines = copy();
        assertThat(lines.getFirst().path("source_id").asText()).isEqualTo(first);
        assertThat(lines.getFirst().path("status").asText()).isEqualTo("copied");
        assertThat(lines.getLast().path("copied").asInt()).isEqualTo(1);
        assertThat(dataBlobs(ok("stats", "--json"))).isEqualTo(dataBlobs(onSource("stats", "--json")));
        JsonNode copied = snapshots().getFirst();
        assertThat(copied.path("original").asText()).isEqualTo(first);
        assertThat(copied.path("tree").asText()).as("same id key: same tree ids").isEqualTo(json(onSource("snapshots", "--json").out()).get(0).path("tree").asText());
        assertRestores("latest", src);

        List<JsonNode> again = copy();
        assertThat(again.getFirst().path("status").asText()).isEqualTo("present");
        assertThat(again.getLast().path("copied").asInt()).isZero();
        assertThat(snapshots()).hasSize(1);

        Fs.patch(child(src, "big"), 3 * MIB, "changed".getBytes());
        write(child(src, "new"), Fs.random(77, 300_000));
        String second = backupSource(src);
        List<JsonNode> third = copy();
        assertThat(third.getFirst().path("status").asText()).isEqualTo("present");
        JsonNode sent = third.get(1);
        assertThat(sent.path("source_id").asText()).isEqualTo(second);
        // one or two changed chunks of 'big', the new file, and the trees above them
        assertThat(sent.path("blobs_sent").asLong()).isBetween(3L, 8L);
        assertThat(sent.path("bytes_sent").asLong()).isLessThan(4L * MIB);
        assertRestores(sent.path("target_id").asText().substring(0, 8), src);
        assertThat(ok("check", "--read-data").out()).contains("no errors found");
    }

    @Test
    void otherChunkerParamsAreRechunkedLikeABackupIntoTheTarget() throws Exception {
        byte[] src = tree("src", 2);
        backupSource(src);
        ok("init", "--pack-size", "1");
        JsonNode sent = copy().getFirst();
        assertThat(sent.path("status").asText()).isEqualTo("copied");
        assertThat(sent.path("blobs_sent").asLong()).isPositive();
        assertRestores("latest", src);
        assertThat(ok("check", "--read-data").out()).contains("no errors found");

        // The target's chunks are its own: a backup of the same files straight into it adds no data.
        JsonNode direct = backup(Fs.s(src));
        long before = dataBlobs(ok("stats", "--json"));
        assertThat(direct.path("blobs_added").asLong()).as("only trees differ (the copy's trees keep the source's metadata)").isLessThanOrEqualTo(4);
        assertThat(dataBlobs(ok("stats", "--json"))).isEqualTo(before);

        // Copying again sends nothing; a changed file sends little.
        assertThat(copy().getFirst().path("status").asText()).isEqualTo("present");
        Fs.patch(child(src, "big"), MIB, "x".getBytes());
        backupSource(src);
        JsonNode second = copy().getLast();
        assertThat(second.path("copied").asInt()).isEqualTo(1);
        assertRestores("latest", src);
    }

    @Test
    void aDamagedSourceChunkIsReportedNeverWrittenAndOtherSnapshotsAreCopied() throws Exception {
        byte[] a = tree("a", 300);
        byte[] b = tree("b", 400);
        String snapA = backupSource(a);
        String snapB = backupSource(b);
        ok("init", "--copy-chunker-params", "--from", source.toString());
        BlobRef damaged = damageChunkOf(snapA, BytePaths.child(a, "medium".getBytes()));

        Cli.Result r = fails(ExitCodes.ERROR, "copy");
        assertThat(r.err()).contains("snapshot " + snapA.substring(0, 8)).contains(Fs.s(a) + "/medium")
                .contains(damaged.pack().hex()).contains("damaged");
        assertThat(r.out()).contains("snapshot " + snapA.substring(0, 8) + " was NOT copied")
                .contains("snapshot " + snapB.substring(0, 8) + " copied");
        assertThat(snapshots()).extracting(s -> s.path("original").asText()).containsExactly(snapB);
        try (Repository target = Repository.open(new LocalStorage(work.resolve("repo")), Fs.b("test-password"), null)) {
            assertThat(target.content().contains(BlobType.DATA, damaged.id())).as("the damaged chunk is never written").isFalse();
        }
        assertThat(ok("check", "--read-data").out()).contains("no errors found");
        assertRestores("latest", b);
    }

    /** Flips a byte inside the first chunk of a file of a source snapshot; returns where that chunk was. */
    private BlobRef damageChunkOf(String snapshot, byte[] file) throws Exception {
        BlobRef ref;
        try (Repository repo = Repository.open(new LocalStorage(source), Fs.b("source-password"), null)) {
            Tree t = repo.tree(Id.parse(repo.readSnapshot(Repository.SNAPSHOTS + snapshot).snapshot().tree()));
            Node n = null;
            for (byte[] name : BytePaths.components(file)) {
                n = t.find(name);
                if (n.subtree() != null) t = repo.tree(n.subtree());
            }
            ref = repo.content().locate(BlobType.DATA, n.content().getFirst());
        }
        try (FileChannel ch = FileChannel.open(source.resolve(ContentStore.packName(ref.pack())), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            long at = ref.offset() + ref.length() / 2;
            ch.read(one, at);
            one.put(0, (byte) ~one.get(0)).rewind();
            ch.write(one, at);
        }
        return ref;
    }

    @Test
    void filtersAndSnapshotIdsChooseWhatIsCopied() throws Exception {
        byte[] a = tree("a", 5);
        String one = backupSource(a, "--tag", "keep");
        String two = backupSource(a, "--host", "other");
        String three = backupSource(a, "--tag", "keep", "--time", "2030-01-01T00:00:00Z");
        ok("init", "--copy-chunker-params", "--from", source.toString());
        copy("--host", "other");
        assertThat(snapshots()).extracting(s -> s.path("original").asText()).containsExactly(two);
        copy(one.substring(0, 6));
        copy("--tag", "keep", "latest");
        assertThat(snapshots()).extracting(s -> s.path("original").asText()).containsExactlyInAnyOrder(one, two, three);
    }

    @Test
    void aCopyOfACopyKeepsTheOriginalId() throws Exception {
        byte[] a = tree("a", 6);
        String id = backupSource(a);
        ok("init");
        copy();
        Path third = work.resolve("third");
        ok("init", "-r", third.toString());
        Cli c = new Cli(work).set("HOLDFAST_FROM_REPOSITORY", work.resolve("repo").toString()).set("HOLDFAST_FROM_PASSWORD", "test-password");
        assertThat(c.run("copy", "--to", third.toString()).exit()).isZero();
        JsonNode s = json(c.run("snapshots", "--json", "-r", third.toString()).out()).get(0);
        assertThat(s.path("original").asText()).isEqualTo(id);
        assertThat(new Cli(work).set("HOLDFAST_FROM_REPOSITORY", source.toString()).set("HOLDFAST_FROM_PASSWORD", "source-password")
                .run("copy", "--json", "--to", third.toString()).out()).contains("\"status\":\"present\"");
    }

    @Test
    void badInput() throws Exception {
        backupSource(tree("a", 7));
        ok("init");
        Cli.Result r = fails(ExitCodes.NO_REPOSITORY, "copy", "--from", work.resolve("nowhere").toString());
        oneLine(r);
        assertThat(r.err()).contains("source repository").contains("nowhere");
        r = fails(ExitCodes.NO_REPOSITORY, "copy", "--to", work.resolve("nowhere").toString());
        assertThat(r.err()).contains("target repository");
        cli.set("HOLDFAST_FROM_PASSWORD", "wrong");
        r = fails(ExitCodes.WRONG_PASSWORD, "copy");
        oneLine(r);
        assertThat(r.err()).contains("source repository").contains("wrong password");
        cli.set("HOLDFAST_FROM_PASSWORD", "source-password").set("HOLDFAST_PASSWORD", "wrong");
        r = fails(ExitCodes.WRONG_PASSWORD, "copy");
        assertThat(r.err()).contains("target repository").contains("wrong password");
        cli.set("HOLDFAST_PASSWORD", "test-password");
        r = fails(ExitCodes.ERROR, "copy", "abcdef12");
        oneLine(r);
        assertThat(r.err()).contains("no snapshot with id abcdef12");
        cli.set("HOLDFAST_PASSWORD", "source-password");
        r = fails(ExitCodes.USAGE, "copy", "--to", source.toString());
        assertThat(r.err()).contains("same repository");
        cli.set("HOLDFAST_PASSWORD", "test-password");
        cli.set("HOLDFAST_FROM_REPOSITORY", null);
        r = fails(ExitCodes.USAGE, "copy");
        assertThat(r.err()).contains("--from");
        r = fails(ExitCodes.USAGE, "init", "--copy-chunker-params", "-r", work.resolve("x").toString());
        assertThat(r.err()).contains("--from");
        assertThat(Files.exists(work.resolve("x"))).isFalse();
        r = fails(ExitCodes.WRONG_PASSWORD, "init", "--copy-chunker-params", "--from", source.toString(), "--from-password-file", write(Fs.b(work.resolve("pw")), "nope\n").length > 0 ? work.resolve("pw").toString() : "", "-r", work.resolve("y").toString());
        assertThat(r.err()).contains("source repository");
        assertThat(Files.exists(work.resolve("y").resolve("config"))).isFalse();
        assertThat(snapshots()).isEmpty();
        Set<String> none = new HashSet<>();
        assertThat(none).isEmpty();
    }
}
