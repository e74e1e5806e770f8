package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository holding three snapshots (tree A, tree B, then A again with two files changed) to
 * damage, and the assertions the damage tests share: check must fail and name what is damaged
 * and, where it can, the files affected; every snapshot or file that does not need the damaged part
 * must still restore byte for byte; restoring an affected file must fail and name it. A restored
 * file is never silently different from its source.
 */
abstract class DamageFixture {
    private static final long SEED = 0xC0_44_05_10L;
    private static final String PASSWORD = "test-password";

    @TempDir
    Path work;

    final Random random = new Random(SEED);
    Cli cli;
    Path repo, srcA, srcB;
    /** Per snapshot tag (a1, b, a2): source dir, expected state, snapshot id, layout, index files it added. */
    final Map<String, Snap> snaps = new HashMap<>();
    int restores;

    record Snap(String tag, Path src, TreeState state, String id, RepoProbe.Layout layout, Set<String> indexFiles) {}

    @BeforeEach
    void threeSnapshots() throws IOException {
        srcA = work.resolve("a");
        srcB = work.resolve("b");
        for (Path src : List.of(srcA, srcB)) {
            Trees.smallFiles(src, random, 40, 16 * 1024);
            Trees.randomFile(src.resolve("big/r0.bin"), random, 3 * Trees.MIB / 2);
            Trees.randomFile(src.resolve("big/r1.bin"), random, 5 * Trees.MIB / 2);
        }
        cli = new Cli(work);
        repo = work.resolve("repo");
        assertThat(cli.run("init", "--pack-size", "1").exit()).isZero();
        Map<String, Set<String>> added = new HashMap<>();
        Map<String, TreeState> states = new HashMap<>();
        backup("a1", srcA, added, states);
        backup("b", srcB, added, states);
        Files.write(srcA.resolve("big/r1.bin"), Trees.content(random, 2 * Trees.MIB, false));
        try (Stream<Path> s = Files.walk(srcA.resolve("d0"))) {
            Path small = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            Files.write(small, Trees.content(random, 5000, true));
        }
        backup("a2", srcA, added, states);
        try (RepoProbe probe = new RepoProbe(repo, PASSWORD)) {
            for (SnapshotRef s : probe.snapshots()) {
                String tag = s.snapshot().tags().getFirst();
                Path src = tag.equals("b") ? srcB : srcA;
                snaps.put(tag, new Snap(tag, src, states.get(tag), s.id(), probe.layout(s, src), added.get(tag)));
            }
        }
        assertThat(snaps).containsOnlyKeys("a1", "b", "a2");
    }

    void backup(String tag, Path src, Map<String, Set<String>> added, Map<String, TreeState> states) throws IOException {
        Set<String> before = files(repo.resolve("index"));
        Cli.Result r = cli.run("backup", "--tag", tag, src.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Set<String> after = files(repo.resolve("index"));
        after.removeAll(before);
        added.put(tag, after);
        states.put(tag, TreeState.of(src));
    }

    /** Flips a byte in the middle of the sealed tree of directory dir of snapshot s. */
    BlobRef flipInTree(Snap s, String dir) throws IOException {
        BlobRef tree = s.layout().trees().get(dir);
        assertThat(tree).as("tree of " + dir).isNotNull();
        Damage.flipByte(packFile(tree.pack()), tree.offset() + tree.length() / 2);
        return tree;
    }

    String onlyIndexOf(String tag) {
        Set<String> files = snaps.get(tag).indexFiles();
        assertThat(files).hasSize(1);
        return files.iterator().next();
    }

    Snap flipInSnapshotFile(String tag) throws IOException {
        Snap s = snaps.get(tag);
        Path file = repo.resolve("snapshots/" + s.id());
        Damage.flipByte(file, random.nextInt((int) Files.size(file)));
        return s;
    }

    Path packFile(Id pack) {
        return repo.resolve(ContentStore.packName(pack));
    }

    /** Per snapshot tag, the files with a chunk for which damaged holds. */
    Map<String, Set<String>> filesWith(Predicate<BlobRef> damaged) {
        Map<String, Set<String>> out = new HashMap<>();
        snaps.forEach((tag, s) -> {
            Set<String> files = new TreeSet<>();
            s.layout().files().forEach((f, refs) -> {
                if (refs.stream().anyMatch(damaged)) files.add(f);
            });
            out.put(tag, files);
        });
        return out;
    }

    /** Check's output names every affected file by its backed-up path, and no other file. */
    void assertNamesFiles(Cli.Result check, Map<String, Set<String>> broken) {
        Set<String> named = new TreeSet<>(), healthy = new TreeSet<>();
        snaps.forEach((tag, s) -> s.layout().files().keySet().forEach(f -> {
            // each snapshot that uses a damaged file is named with it, also when it shares the file's tree with another
            (broken.get(tag).contains(f) ? named : healthy).add("snapshot " + s.id().substring(0, 8) + ": " + s.src().resolve(f) + ": ");
        }));
        healthy.removeAll(named);
        for (String f : named) assertThat(check.out()).as("check names " + f + "\n" + check).contains(f);
        for (String f : healthy) assertThat(check.out()).as("check does not name the intact " + f + "\n" + check).doesNotContain(f);
    }

    /**
     * Restores every snapshot: those without broken files byte for byte; the others must exit 1,
     * name each broken file, and restore every other file byte for byte.
     */
    void assertRestores(Map<String, Set<String>> broken) throws IOException {
        for (Snap s : snaps.values()) {
            Set<String> mustFail = broken.getOrDefault(s.tag(), Set.of());
            Cli.Result r = restoreHonestly(cli, s, "/", mustFail);
            if (mustFail.isEmpty()) assertThat(r.exit()).as("snapshot " + s.tag() + " does not use the damaged part\n" + r).isZero();
            else assertThat(r.out()).as("the rest of snapshot " + s.tag() + " is restored\n" + r).contains("restored snapshot");
        }
    }

    /**
     * Restoring the damaged file alone fails and names it; an undamaged file of the same snapshot
     * restores exactly (when the damage left one: the pack layout depends on the repository's random
     * chunker key and on thread timing, so a pack may hold a bit of every file).
     */
    void assertSingleFiles(String tag, String damaged, Map<String, Set<String>> broken) throws IOException {
        Snap s = snaps.get(tag);
        restoreHonestly(cli, s, damaged, Set.of(damaged));
        for (String healthy : s.state().files()) {
            if (broken.get(tag).contains(healthy)) continue;
            Cli.Result ok = restoreHonestly(cli, s, healthy, Set.of());
            assertThat(ok.exit()).as(ok.toString()).isZero();
            break;
        }
    }

    /** Of the packs holding chunks of file in snapshot tag, the one that fewest of its files use. */
    BlobRef chunkInLeastSharedPack(String tag, String file) {
        RepoProbe.Layout layout = snaps.get(tag).layout();
        return layout.files().get(file).stream()
                .min(java.util.Comparator.comparingInt((BlobRef ref) -> layout.filesIn(ref.pack()).size()).thenComparing(BlobRef::offset))
                .orElseThrow();
    }

    /**
     * Restores path (relative to the snapshot's source, or "/" for all of it) and checks that nothing
     * is silently wrong: every file that is not byte-identical to its source is named in an error,
     * every file in mustFail is named and the exit code is then 1; with exit code 0 all is exact.
     */
    Cli.Result restoreHonestly(Cli c, Snap s, String path, Set<String> mustFail) throws IOException {
        return restoreHonestly(c, s, path, mustFail, "");
    }

    Cli.Result restoreHonestly(Cli c, Snap s, String path, Set<String> mustFail, String option) throws IOException {
        boolean whole = path.equals("/");
        Path target = work.resolve("restore-" + (++restores));
        Path from = whole ? s.src() : s.src().resolve(path);
        Cli.Result r = option.isEmpty() ? c.run("restore", s.id() + ":" + from, "--target", target.toString())
                : c.run("restore", s.id() + ":" + from, "--target", target.toString(), option);
        String what = "restore " + option + " of " + (whole ? "snapshot " + s.tag() : path + " from snapshot " + s.tag()) + "\n" + r;
        TreeState expected = whole ? s.state() : single(s, path);
        TreeState actual = Files.exists(target) ? TreeState.of(target) : new TreeState(new java.util.TreeMap<>());
        Set<String> named = new TreeSet<>();
        for (String f : expected.files()) {
            if (r.err().contains("error: " + target.resolve(f) + ": ")) named.add(f);
        }
        Set<String> mustName = new TreeSet<>();
        for (String f : mustFail) mustName.add(whole ? f : Path.of(f).getFileName().toString());
        assertThat(named).as(what).containsAll(mustName);
        for (String f : mustName) assertThat(target.resolve(f)).as("no half-written file is left under its name\n" + what).doesNotExist();
        if (!mustFail.isEmpty()) assertThat(r.exit()).as(what).isEqualTo(1);
        if (r.exit() == 0) {
            TreeState.assertSame(expected, actual, what);
            return r;
        }
        assertThat(r.exit()).as(what).isEqualTo(1);
        boolean restoredAnything = r.out().contains("restored snapshot");
        List<String> diffs = new ArrayList<>();
        for (String d : TreeState.differences(expected, actual, named)) {
            if (!restoredAnything && d.startsWith("missing: ")) continue; // the restore failed as a whole and said so
            diffs.add(d);
        }
        assertThat(diffs).as("files silently different after " + what).isEmpty();
        return r;
    }

    /** The expected state of a one-file restore: the file under its own name. */
    static TreeState single(Snap s, String path) {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
        m.put(Path.of(path).getFileName().toString(), s.state().entries().get(path));
        return new TreeState(m);
    }

    static Set<String> files(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add("index/" + p.getFileName()));
        }
        return out;
    }
}
