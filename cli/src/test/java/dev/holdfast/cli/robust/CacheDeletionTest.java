package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting $HOLDFAST_CACHE_DIR loses nothing: snapshots, ls, restore and check work, and the next
 * backup still skips the unchanged files without reading them.
 */
class CacheDeletionTest {
    private static final long SEED = 0xCAC4E_0FFL;

    @TempDir
    Path work;

    @Test
    void everythingWorksAfterTheCacheIsDeleted() throws Exception {
        Random r = new Random(SEED);
        Path src = work.resolve("src");
        Trees.smallFiles(src, r, 200, 16 * 1024);
        Trees.randomFile(src.resolve("big/r0.bin"), r, 2 * Trees.MIB);
        Trees.randomFile(src.resolve("big/r1.bin"), r, 2 * Trees.MIB);
        Cli cli = new Cli(work);
        Path cache = work.resolve("cache");
        assertThat(cli.run("init").exit()).isZero();
        TreeState first = TreeState.of(src);
        assertThat(cli.run("backup", src.toString()).exit()).isZero();
        Path changed = src.resolve("big/r1.bin");
        Trees.randomFile(changed, r, 2 * Trees.MIB);
        TreeState second = TreeState.of(src);
        assertThat(cli.run("backup", src.toString()).exit()).isZero();
        assertThat(fileCount(cache)).as("the backups filled the cache").isPositive();

        deleteTree(cache);
        Cli.Result list = cli.run("snapshots");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).contains("2 snapshots");
        Cli.Result ls = cli.run("ls", "latest");
        assertThat(ls.exit()).as(ls.toString()).isZero();
        for (String f : second.files()) assertThat(ls.out()).contains(src.resolve(f) + "\n");
        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        Snapshots.restoreExactly(cli, snapshots.get(0).id(), src, work.resolve("restore-1"), first);
        Snapshots.restoreExactly(cli, snapshots.get(1).id(), src, work.resolve("restore-2"), second);
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();

        deleteTree(cache);
        Path small = second.files().stream().filter(f -> f.endsWith(".txt")).findFirst().map(src::resolve).orElseThrow();
        Files.writeString(small, "changed after the cache was deleted");
        Cli.Result backup = cli.run("backup", "--json", src.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        int files = second.files().size();
        assertThat(Snapshots.summaryField(backup, "files_changed")).as(backup.toString()).isEqualTo(1);
        assertThat(Snapshots.summaryField(backup, "files_unchanged")).as(backup.toString()).isEqualTo(files - 1);
        assertThat(Snapshots.summaryField(backup, "bytes_read")).as(backup.toString()).isEqualTo(Files.size(small));
        Snapshots.restoreExactly(cli, "latest", src, work.resolve("restore-3"), TreeState.of(src));
        assertThat(cli.run("check").exit()).isZero();
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
