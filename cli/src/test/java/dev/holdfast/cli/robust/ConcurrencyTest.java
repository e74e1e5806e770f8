package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups running at the same time as separate processes into one repository (sharing the cache
 * directory, as one user's backups would): all must succeed, the repository must check clean with
 * its data read, and every snapshot must restore exactly, also when the trees hold the same files
 * so that both processes store the same chunks at once.
 */
class ConcurrencyTest {
    private static final long SEED = 0xC0C0_2026L;

    @TempDir
    Path work;

    @Test
    void threeBackupsOfDifferentTreesAtOnce() throws Exception {
        Random r = new Random(SEED);
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path src = work.resolve("src" + i);
            Trees.smallFiles(src, r, 80, 16 * 1024);
            Trees.randomFile(src.resolve("big/r.bin"), r, 2 * Trees.MIB + r.nextInt(Trees.MIB));
            sources.add(src);
        }
        Cli cli = runAtOnce(sources);
        assertThat(Snapshots.list(cli)).hasSize(3);
    }

    @Test
    void twoBackupsOfTreesWithTheSameFilesAtOnce() throws Exception {
        Random r = new Random(SEED + 1);
        Path common = work.resolve("common");
        Trees.smallFiles(common, r, 60, 16 * 1024);
        Trees.randomFile(common.resolve("big/shared.bin"), r, 3 * Trees.MIB);
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path src = work.resolve("src" + i);
            Trees.copy(common, src);
            Trees.smallFiles(src.resolve("own"), r, 10, 8 * 1024);
            sources.add(src);
        }
        Cli cli = runAtOnce(sources);

        Path third = work.resolve("src2");
        Trees.copy(common, third);
        Cli.Result b = cli.run("backup", "--json", third.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        assertThat(Snapshots.summaryField(b, "bytes_added")).as("the shared files are already stored\n" + b).isLessThan(64 * 1024);
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();
        Snapshots.restoreExactly(cli, Snapshots.list(cli).getLast().id(), third, work.resolve("restore-third"), TreeState.of(third));
    }

    /** Backs up each source in its own process, all started together; then checks and restores all. */
    private Cli runAtOnce(List<Path> sources) throws Exception {
        Map<String, TreeState> expected = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) expected.put("t" + i, TreeState.of(sources.get(i)));
        Cli cli = new Cli(work);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        List<Proc> running = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) running.add(Proc.start(cli, "backup", "--tag", "t" + i, sources.get(i).toString()));
        for (Proc p : running) {
            Cli.Result res = p.result(120);
            assertThat(res.exit()).as(res.toString()).isZero();
        }
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isZero();
        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        assertThat(snapshots).hasSize(sources.size());
        for (Snapshots.Listed s : snapshots) {
            int i = Integer.parseInt(s.tag().substring(1));
            Snapshots.restoreExactly(cli, s.id(), sources.get(i), work.resolve("restore-" + s.tag()), expected.get(s.tag()));
        }
        return cli;
    }
}
