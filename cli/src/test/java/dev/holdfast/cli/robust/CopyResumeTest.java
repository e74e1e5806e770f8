package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.PackReader;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during 'holdfast copy', then the same copy again: the second run must not send any blob
 * that a pack written by the first run already holds (packs it left unindexed included), the
 * target must check clean, and the copy must restore exactly.
 */
class CopyResumeTest {
    @TempDir
    Path work;

    @Test
    void aKilledCopyResumesWithoutSendingAgainWhatArrived() throws Exception {
        Random r = new Random(0xC0_9E);
        Path src = work.resolve("src");
        Trees.smallFiles(src, r, 200, 16 * 1024);
        for (int i = 0; i < 10; i++) Trees.randomFile(src.resolve("big/r" + i + ".bin"), r, 6 * Trees.MIB + r.nextInt(Trees.MIB));
        TreeState state = TreeState.of(src);
        Path source = work.resolve("source");
        Cli onSource = new Cli(work).set("HOLDFAST_REPOSITORY", source.toString()).set("HOLDFAST_PASSWORD", "source-password");
        assertThat(onSource.run("init", "--pack-size", "1").exit()).isZero();
        assertThat(onSource.run("backup", src.toString()).exit()).isZero();

        Cli cli = new Cli(work).set("HOLDFAST_FROM_REPOSITORY", source.toString()).set("HOLDFAST_FROM_PASSWORD", "source-password");
        assertThat(cli.run("init", "--pack-size", "1", "--copy-chunker-params", "--from", source.toString()).exit()).isZero();
        Path target = work.resolve("repo");
        Proc copy = Proc.start(cli, "copy", "--readers", "1");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (packs(target).size() < 16) {
            assertThat(copy.waitFor(10)).as("the copy finished before it could be killed").isFalse();
            assertThat(System.nanoTime()).as("the copy made no progress").isLessThan(deadline);
        }
        copy.kill();
        assertThat(cli.run("snapshots", "--json").out().strip()).isEqualTo("[]");

        Set<String> before = new HashSet<>(packs(target));
        Set<Id> arrived = blobsIn(target, before);
        assertThat(arrived).isNotEmpty();
        Cli.Result resumed = cli.run("copy");
        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        Set<String> added = new HashSet<>(packs(target));
        added.removeAll(before);
        Set<Id> sentAgain = blobsIn(target, added);
        sentAgain.retainAll(arrived);
        assertThat(sentAgain).as("blobs sent twice").isEmpty();
        assertThat(added).as("the rest was sent").isNotEmpty();

        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).doesNotContain("not in any index");
        String id = cli.run("snapshots", "--json").out().replaceAll("(?s).*\"id\":\"([0-9a-f]{64})\".*", "$1");
        Snapshots.restoreExactly(cli, id, src, work.resolve("restored"), state);
    }

    private static List<String> packs(Path repo) throws Exception {
        Path data = repo.resolve("data");
        if (!Files.isDirectory(data)) return List.of();
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).map(p -> repo.relativize(p).toString()).toList();
        }
    }

    /** The blob ids the headers of these packs list. */
    private static Set<Id> blobsIn(Path repo, Set<String> packs) throws Exception {
        Set<Id> out = new HashSet<>();
        try (Storage storage = new LocalStorage(repo);
             Repository r = Repository.open(storage, "test-password".getBytes(StandardCharsets.UTF_8), null)) {
            for (String p : packs) {
                BlobInfo info = storage.stat(p).orElseThrow();
                Id id = Id.parse(p.substring(p.lastIndexOf('/') + 1));
                for (BlobRef b : PackReader.header(r.aead(), id, info.size(), (o, l) -> storage.getRange(p, o, l))) out.add(b.id());
            }
        }
        return out;
    }
}
