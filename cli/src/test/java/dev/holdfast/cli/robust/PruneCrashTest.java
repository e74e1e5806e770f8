package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during prune. A chain of backups of a changing tree; then, repeatedly, one more old
 * snapshot is forgotten and a prune runs as a real process that is killed at a seeded random point
 * of a normal prune's duration (measured first on a copy of the repository). After every kill the
 * repository must check clean; at the end a backup and a prune must succeed, leave no marker or
 * lock, and every remaining snapshot must restore byte for byte.
 */
class PruneCrashTest {
    private static final long SEED = Long.getLong("holdfast.crash.seed", 0x9_2C4A5L);
    private static final int ITERATIONS = Integer.getInteger("holdfast.crash.iterations", 6);

    @TempDir
    Path work;

    @Test
    void sigkillDuringPruneLeavesARepositoryThatChecksCleanAndThatTheNextPruneCompletes() throws Exception {
        Random r = new Random(SEED);
        Path src = work.resolve("src");
        History history = new History(src, r, 150, 3 * Trees.MIB);
        Cli cli = new Cli(work);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        Map<String, TreeState> expected = new HashMap<>();
        int backups = ITERATIONS + 3;
        for (int i = 0; i < backups; i++) {
            if (i > 0) history.next();
            expected.put("b" + i, TreeState.of(src));
            Cli.Result b = cli.run("backup", "--tag", "b" + i, src.toString());
            assertThat(b.exit()).as(b.toString()).isZero();
        }
        long normalMillis = measurePrune();

        List<String> log = new ArrayList<>();
        int killed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String oldest = Snapshots.list(cli).getFirst().id();
            assertThat(cli.run("forget", oldest).exit()).isZero();
            long delay = (long) (normalMillis * (i % 3 + r.nextDouble()) / 3);
            Proc prune = Proc.start(cli, "prune");
            if (prune.waitFor(delay)) {
                Cli.Result done = prune.result(5);
                assertThat(done.exit()).as("prune that was not killed\n" + done).isZero();
                log.add("prune " + i + ": finished before " + delay + " ms");
            } else {
                prune.kill();
                killed++;
                log.add("prune " + i + ": killed after " + delay + " ms");
            }
            Cli.Result check = cli.run("check");
            assertThat(check.exit()).as("check after " + log.getLast() + "\n" + check).isZero();
        }
        System.out.println("PruneCrashTest: a normal prune took " + normalMillis + " ms\n  " + String.join("\n  ", log));
        assertThat(killed).as(String.join("\n", log)).isGreaterThanOrEqualTo(ITERATIONS / 3);

        history.next();
        expected.put("final", TreeState.of(src));
        Cli.Result last = cli.exec("backup", "--tag", "final", src.toString());
        assertThat(last.exit()).as(last.toString()).isZero();
        Cli.Result prune = cli.exec("prune");
        assertThat(prune.exit()).as(String.join("\n", log) + "\n" + prune).isZero();
        assertThat(list(work.resolve("repo"), "deletions", "locks")).as(prune.toString()).isEmpty();
        Cli.Result readData = cli.run("check", "--read-data");
        assertThat(readData.exit()).as(String.join("\n", log) + "\n" + readData).isZero();
        assertThat(readData.out()).doesNotContain("not in any index");
        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        assertThat(snapshots).hasSize(backups + 1 - ITERATIONS);
        for (Snapshots.Listed s : snapshots) {
            Snapshots.restoreExactly(cli, s.id(), src, work.resolve("restore-" + s.tag()), expected.get(s.tag()));
        }
    }

    /** How long a prune of the repository takes as a process, after forgetting its oldest half, on a copy. */
    private long measurePrune() throws Exception {
        Path dir = Files.createDirectories(work.resolve("measure"));
        Trees.copy(work.resolve("repo"), dir.resolve("repo"));
        Cli cli = new Cli(dir);
        List<Snapshots.Listed> all = Snapshots.list(cli);
        for (int i = 0; i < all.size() / 2; i++) assertThat(cli.run("forget", all.get(i).id()).exit()).isZero();
        long t0 = System.nanoTime();
        Cli.Result r = cli.exec("prune");
        assertThat(r.exit()).as(r.toString()).isZero();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static List<Path> list(Path repo, String... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            if (!Files.isDirectory(repo.resolve(d))) continue;
            try (Stream<Path> s = Files.list(repo.resolve(d))) {
                s.forEach(out::add);
            }
        }
        return out;
    }
}
