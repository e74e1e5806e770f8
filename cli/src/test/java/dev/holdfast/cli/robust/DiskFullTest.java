package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a real, small filesystem (an 8 MiB tmpfs, which needs root) that fills up during
 * a backup: the backup must fail with exit code 1 and say "No space left on device" without a
 * stack trace, the repository must stay consistent, and once there is room again (the tmpfs is
 * remounted bigger) the backup must succeed and every snapshot restore exactly.
 */
class DiskFullTest {
    private static final long SEED = 0xD15C_F011L;

    @TempDir
    Path work;

    private Path mounted;

    @AfterEach
    void unmount() {
        if (mounted != null && !run("umount", mounted.toString())) run("umount", "-l", mounted.toString());
    }

    @Test
    void backupThatDoesNotFitFailsClearlyAndTheRepositoryRecoversWhenThereIsRoom() throws Exception {
        Path repo = mountTmpfs(work.resolve("repo"), "8m");
        Random r = new Random(SEED);
        Path small = work.resolve("small"), big = work.resolve("big");
        Trees.smallFiles(small, r, 60, 8 * 1024);
        Trees.smallFiles(big, r, 40, 16 * 1024);
        for (int i = 0; i < 3; i++) Trees.randomFile(big.resolve("bulk/r" + i + ".bin"), r, 4 * Trees.MIB);
        TreeState smallState = TreeState.of(small), bigState = TreeState.of(big);

        Cli cli = new Cli(work);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        Cli.Result first = cli.run("backup", small.toString());
        assertThat(first.exit()).as(first.toString()).isZero();

        Cli.Result full = cli.exec("backup", big.toString());
        assertThat(full.exit()).as(full.toString()).isEqualTo(1);
        assertThat(full.err()).as(full.toString()).contains("No space left on device").startsWith("holdfast: ")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Snapshots.list(cli)).hasSize(1);
        assertThat(leftoverTemporaryFiles(repo)).as("temporary files left in the full repository").isEmpty();

        Cli.Result whileFull = cli.run("check", "--read-data");
        assertThat(whileFull.exit()).as(whileFull.toString()).isZero();
        Snapshots.restoreExactly(cli, Snapshots.list(cli).getFirst().id(), small, work.resolve("restore-small-1"), smallState);

        assertThat(run("mount", "-o", "remount,size=64m", repo.toString())).as("remount bigger").isTrue();
        Cli.Result again = cli.exec("backup", big.toString());
        assertThat(again.exit()).as(again.toString()).isZero();
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();
        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        assertThat(snapshots).hasSize(2);
        Snapshots.restoreExactly(cli, snapshots.get(0).id(), small, work.resolve("restore-small-2"), smallState);
        Snapshots.restoreExactly(cli, snapshots.get(1).id(), big, work.resolve("restore-big"), bigState);
    }

    /** A full disk under the cache only costs speed: backup, restore and check still work. */
    @Test
    void fullCacheDiskOnlyCostsSpeed() throws Exception {
        Path cache = mountTmpfs(work.resolve("cache"), "16k");
        Random r = new Random(SEED + 1);
        Path src = work.resolve("src");
        Trees.smallFiles(src, r, 300, 8 * 1024);
        Trees.randomFile(src.resolve("bulk/r.bin"), r, 2 * Trees.MIB);
        Files.write(cache.resolve("filler"), new byte[12 * 1024]);
        Cli cli = new Cli(work);
        assertThat(cli.run("init").exit()).isZero();
        Cli.Result b = cli.exec("backup", src.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        Files.writeString(src.resolve("d0/late.txt"), "a second backup with a full cache disk");
        Cli.Result b2 = cli.exec("backup", src.toString());
        assertThat(b2.exit()).as(b2.toString()).isZero();
        Snapshots.restoreExactly(cli, "latest", src, work.resolve("restore"), TreeState.of(src));
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();
    }

    private Path mountTmpfs(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        boolean ok = "root".equals(System.getProperty("user.name")) && run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        Assumptions.assumeTrue(ok, "cannot mount a tmpfs (needs root and CAP_SYS_ADMIN)");
        mounted = dir;
        return dir;
    }

    private static List<Path> leftoverTemporaryFiles(Path repo) throws IOException {
        Path tmp = repo.resolve("tmp");
        if (!Files.isDirectory(tmp)) return List.of();
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
