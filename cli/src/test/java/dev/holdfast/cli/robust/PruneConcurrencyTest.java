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
 * Backups and prunes at once, as separate processes, round after round. Each round forgets all but
 * the newest snapshot of each source, whose cycling file then returns to a version only forgotten
 * snapshots held, and starts two backups and two prunes together: the backups want exactly the data
 * the prunes are deleting. Every process must succeed (a prune that meets another exits cleanly),
 * the repository must check clean after every round, and at the end every snapshot must restore
 * byte for byte.
 */
class PruneConcurrencyTest {
    private static final long SEED = 0x9C0_2026L;
    private static final int ROUNDS = Integer.getInteger("holdfast.stress.rounds", 3);

    @TempDir
    Path work;

    @Test
    void backupsAndPrunesRunningTogetherNeverLoseData() throws Exception {
        Random r = new Random(SEED);
        Cli cli = new Cli(work);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        List<Path> sources = new ArrayList<>();
        List<History> histories = new ArrayList<>();
        Map<String, TreeState> expected = new HashMap<>();
        List<String> log = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            Path src = work.resolve("src" + s);
            histories.add(new History(src, r, 30, 768 * 1024));
            sources.add(src);
            expected.put("r0s" + s, TreeState.of(src));
            assertThat(cli.run("backup", "--tag", "r0s" + s, src.toString()).exit()).isZero();
        }
        for (int round = 1; round <= ROUNDS; round++) {
            Cli.Result forget = cli.run("forget", "--keep-last", "1");
            assertThat(forget.exit()).as(forget.toString()).isZero();
            List<Proc> procs = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                histories.get(s).next();
                String tag = "r" + round + "s" + s;
                expected.put(tag, TreeState.of(sources.get(s)));
                procs.add(Proc.start(cli, "backup", "--tag", tag, sources.get(s).toString()));
            }
            procs.add(Proc.start(cli, "prune"));
            Thread.sleep(r.nextInt(800));
            procs.add(Proc.start(cli, "prune"));
            for (Proc p : procs) {
                Cli.Result res = p.result(120);
                assertThat(res.exit()).as("round " + round + "\n" + res).isZero();
                log.add("round " + round + ": " + res.out().lines().filter(l -> l.contains("deleted") || l.contains("wait")).toList()
                        + res.err().lines().filter(l -> l.contains("another prune")).toList());
            }
            Cli.Result check = cli.run("check");
            assertThat(check.exit()).as("check after round " + round + "\n" + check).isZero();
        }
        System.out.println("PruneConcurrencyTest:\n  " + String.join("\n  ", log));
        Cli.Result prune = cli.run("prune");
        assertThat(prune.exit()).as(prune.toString()).isZero();
        Cli.Result readData = cli.run("check", "--read-data");
        assertThat(readData.exit()).as(readData.toString()).isZero();
        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        assertThat(snapshots).hasSize(4);
        for (Snapshots.Listed s : snapshots) {
            Path src = sources.get(Integer.parseInt(s.tag().substring(s.tag().indexOf('s') + 1)));
            Snapshots.restoreExactly(cli, s.id(), src, work.resolve("restore-" + s.tag()), expected.get(s.tag()));
        }
    }
}
