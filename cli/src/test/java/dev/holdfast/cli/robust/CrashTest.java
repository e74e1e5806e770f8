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
 * SIGKILL during backup. A backup of a few hundred small files and some multi-MiB random files
 * runs as a real process and is killed at seeded random points spread over a normal backup's
 * duration (measured first, on a throwaway repository). After every kill the repository must
 * check clean (notes about unreferenced packs are allowed); at the end the data must read back
 * clean, the next backup must succeed, and every snapshot must restore byte for byte to the
 * state its source had when that backup started.
 */
class CrashTest {
    /** Seed and number of kills; override with -Dholdfast.crash.seed / -Dholdfast.crash.iterations to explore. */
    private static final long SEED = Long.getLong("holdfast.crash.seed", 0x5EED_C4A5L);
    private static final int ITERATIONS = Integer.getInteger("holdfast.crash.iterations", 8);

    @TempDir
    Path work;

    @Test
    void sigkillAtRandomPointsLeavesARepositoryThatChecksCleanAndRestoresEverySnapshot() throws Exception {
        Random r = new Random(SEED);
        Path src = work.resolve("src");
        Trees.smallFiles(src, r, 300, 24 * 1024);
        List<Path> big = new ArrayList<>();
        for (int i = 0; i < 4; i++) big.add(Trees.randomFile(src.resolve("big/random-" + i + ".bin"), r, (2 + i) * Trees.MIB + r.nextInt(Trees.MIB)));
        long normalMillis = measureBackup(src);

        Cli cli = new Cli(work);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        Map<String, TreeState> expected = new HashMap<>();
        List<String> log = new ArrayList<>();
        int killed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            if (i > 0) mutate(src, r, big);
            String tag = "it" + i;
            expected.put(tag, TreeState.of(src));
            long delay = (long) (normalMillis * (i + r.nextDouble()) / ITERATIONS);
            Proc backup = Proc.start(cli, "backup", "--tag", tag, src.toString());
            if (backup.waitFor(delay)) {
                Cli.Result done = backup.result(5);
                assertThat(done.exit()).as("backup " + tag + " that was not killed\n" + done).isZero();
                log.add(tag + ": finished before " + delay + " ms");
            } else {
                backup.kill();
                killed++;
                log.add(tag + ": killed after " + delay + " ms");
            }
            Cli.Result check = cli.run("check");
            assertThat(check.exit()).as("check after " + log.getLast() + "\n" + check).isZero();
        }
        System.out.println("CrashTest: a normal backup took " + normalMillis + " ms\n  " + String.join("\n  ", log));
        assertThat(killed).as("backups killed before they finished\n" + String.join("\n", log)).isGreaterThanOrEqualTo(ITERATIONS / 4);

        Cli.Result readData = cli.run("check", "--read-data");
        assertThat(readData.exit()).as(String.join("\n", log) + "\ncheck --read-data\n" + readData).isZero();

        mutate(src, r, big);
        expected.put("final", TreeState.of(src));
        Cli.Result last = cli.exec("backup", "--tag", "final", src.toString());
        assertThat(last.exit()).as("backup after the crashes\n" + last).isZero();

        List<Snapshots.Listed> snapshots = Snapshots.list(cli);
        assertThat(snapshots).as(String.join("\n", log)).hasSizeGreaterThanOrEqualTo(1 + ITERATIONS - killed);
        assertThat(snapshots.getLast().tag()).isEqualTo("final");
        for (Snapshots.Listed s : snapshots) {
            assertThat(expected).containsKey(s.tag());
            Snapshots.restoreExactly(cli, s.id(), src, work.resolve("restore-" + s.tag()), expected.get(s.tag()));
        }
        assertThat(cli.run("check", "--read-data").exit()).isZero();
    }

    /**
     * init writes the key file, then the config (whose presence marks a repository). A crash between
     * the two leaves a key file and nothing else: no data can be lost by starting again, so init
     * must be able to finish the job (or at least not contradict the other commands, which say
     * there is no repository and to run init).
     */
    @Test
    void initInterruptedBeforeTheConfigCanBeRunAgain() throws Exception {
        Cli cli = new Cli(work);
        assertThat(cli.run("init").exit()).isZero();
        Files.delete(work.resolve("repo/config")); // the state a SIGKILL between the two writes leaves
        Cli.Result open = cli.run("snapshots");
        assertThat(open.exit()).as(open.toString()).isEqualTo(10);
        Cli.Result again = cli.run("init");
        assertThat(again.exit()).as("init after an interrupted init\n" + again).isZero();
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "after the interrupted init");
        assertThat(cli.run("backup", src.toString()).exit()).isZero();
        assertThat(cli.run("check", "--read-data").exit()).isZero();
    }

    /** How long a first backup of src takes as a process, on a throwaway repository. */
    private long measureBackup(Path src) throws Exception {
        Path dir = Files.createDirectories(work.resolve("measure"));
        Cli cli = new Cli(dir);
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        long t0 = System.nanoTime();
        Cli.Result r = cli.exec("backup", src.toString());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.exit()).as(r.toString()).isZero();
        return millis;
    }

    /** Rewrites some small files, adds and deletes a few, gives all but the first big file new random content. */
    private static void mutate(Path src, Random r, List<Path> big) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(Files::isRegularFile).filter(p -> !big.contains(p)).sorted().toList();
        }
        for (int k = 0; k < 12; k++) {
            Path f = files.get(r.nextInt(files.size()));
            Files.write(f, Trees.content(r, r.nextInt(24 * 1024), r.nextBoolean()));
        }
        for (int k = 0; k < 2; k++) Files.deleteIfExists(files.get(r.nextInt(files.size())));
        Path added = src.resolve("added");
        Files.createDirectories(added);
        for (int k = 0; k < 3; k++) Files.write(added.resolve("new-" + r.nextInt(1_000_000) + ".txt"), Trees.content(r, r.nextInt(8192), true));
        for (int i = 1; i < big.size(); i++) Trees.randomFile(big.get(i), r, (int) Files.size(big.get(i)));
    }
}
