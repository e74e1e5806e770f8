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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to one pack, index file or snapshot file of a repository holding three snapshots (tree
 * A, tree B, then A again with two files changed). Check must fail and name what is damaged and,
 * where it can, the files affected; every snapshot or file that does not need the damaged part must
 * still restore byte for byte; restoring an affected file must fail and name it. A restored file
 * is never silently different from its source.
 */
class CorruptionTest {
    private static final long SEED = 0xC0_44_05_10L;
    private static final String PASSWORD = "test-password";

    @TempDir
    Path work;

    private final Random random = new Random(SEED);
    private Cli cli;
    private Path repo, srcA, srcB;
    /** Per snapshot tag (a1, b, a2): source dir, expected state, snapshot id, layout, index files it added. */
    private final Map<String, Snap> snaps = new HashMap<>();
    private int restores;

    private record Snap(String tag, Path src, TreeState state, String id, RepoProbe.Layout layout, Set<String> indexFiles) {}

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

    private void backup(String tag, Path src, Map<String, Set<String>> added, Map<String, TreeState> states) throws IOException {
        Set<String> before = files(repo.resolve("index"));
        Cli.Result r = cli.run("backup", "--tag", tag, src.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        Set<String> after = files(repo.resolve("index"));
        after.removeAll(before);
        added.put(tag, after);
        states.put(tag, TreeState.of(src));
    }

    // ---- packs ----------------------------------------------------------------------------------

    @Test
    void flipOneByteInADataPack() throws IOException {
        BlobRef chunk = snaps.get("b").layout().files().get("big/r0.bin").getFirst();
        Damage.flipByte(packFile(chunk.pack()), chunk.offset() + random.nextInt(chunk.length()));
        Map<String, Set<String>> broken = filesWith(ref -> ref.equals(chunk));
        assertThat(broken.get("b")).contains("big/r0.bin");

        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).as(check.toString()).contains("pack " + chunk.pack().hex());
        assertNamesFiles(check, broken);
        assertRestores(broken);
        assertSingleFiles("b", "big/r0.bin", broken);
    }

    @Test
    void truncateADataPack() throws IOException {
        BlobRef chunk = snaps.get("b").layout().files().get("big/r1.bin").getFirst();
        long size = chunk.offset() + chunk.length() / 2;
        Damage.truncate(packFile(chunk.pack()), size);
        Map<String, Set<String>> broken = filesWith(ref -> ref.pack().equals(chunk.pack()) && ref.offset() + ref.length() > size);
        assertThat(broken.get("b")).contains("big/r1.bin");

        for (String mode : List.of("structure", "--read-data")) {
            Cli.Result check = mode.equals("structure") ? cli.run("check") : cli.run("check", mode);
            assertThat(check.exit()).as(check.toString()).isEqualTo(1);
            assertThat(check.out()).as(check.toString()).contains("pack " + chunk.pack().hex());
            assertNamesFiles(check, broken);
        }
        assertRestores(broken);
        assertSingleFiles("b", "big/r1.bin", broken);
    }

    @Test
    void deleteADataPack() throws IOException {
        BlobRef chunk = snaps.get("b").layout().files().get("big/r0.bin").getLast();
        Damage.delete(packFile(chunk.pack()));
        Map<String, Set<String>> broken = filesWith(ref -> ref.pack().equals(chunk.pack()));
        assertThat(broken.get("b")).contains("big/r0.bin");

        Cli.Result check = cli.run("check");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).as(check.toString()).contains("pack " + chunk.pack().hex() + " is missing");
        assertNamesFiles(check, broken);
        assertRestores(broken);
        assertSingleFiles("b", "big/r0.bin", broken);
    }

    /**
     * A byte flipped in the tree of directory d2 of snapshot b. Check reads the pack and names it
     * and snapshot b. The trees are also in the local cache the backups left, from which b still
     * restores exactly; without a cache a1 and a2 restore exactly.
     */
    @Test
    void flipOneByteInATreePack() throws IOException {
        Snap b = snaps.get("b");
        BlobRef tree = flipInTree(b, "d2");
        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).as(check.toString()).contains("pack " + tree.pack().hex()).contains("snapshot " + b.id().substring(0, 8));
        for (String tag : List.of("a1", "b", "a2")) {
            assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of()).exit()).isZero();
        }
        for (String tag : List.of("a1", "a2")) {
            assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of(), "--no-cache").exit()).isZero();
        }
    }

    /**
     * Without the cache, restoring snapshot b meets the damaged tree of d2: the restore must exit 1,
     * name d2, restore everything outside d2 exactly, and leave no file that is silently wrong.
     */
    @Test
    @Disabled("bug: Restore aborts the whole restore at a damaged tree and leaves the files it was writing empty and unnamed")
    void damagedTreeRestoresTheRestAndNamesTheDirectoryWithoutCache() throws IOException {
        Snap b = snaps.get("b");
        flipInTree(b, "d2");
        Path target = work.resolve("restore-tree");
        Cli.Result r = cli.run("restore", b.id() + ":" + b.src(), "--target", target.toString(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains(target.resolve("d2").toString());
        java.util.SortedMap<String, String> outside = new java.util.TreeMap<>(b.state().entries());
        outside.keySet().removeIf(k -> k.equals("d2") || k.startsWith("d2/"));
        TreeState actual = TreeState.of(target);
        actual.entries().keySet().removeIf(k -> k.equals("d2"));
        TreeState.assertSame(new TreeState(outside), actual, "restore of b without d2\n" + r);
    }

    /** Flips a byte in the middle of the sealed tree of directory dir of snapshot s. */
    private BlobRef flipInTree(Snap s, String dir) throws IOException {
        BlobRef tree = s.layout().trees().get(dir);
        assertThat(tree).as("tree of " + dir).isNotNull();
        Damage.flipByte(packFile(tree.pack()), tree.offset() + tree.length() / 2);
        return tree;
    }

    // ---- index files ----------------------------------------------------------------------------

    @Test
    void flipOneByteInAnIndexFile() throws IOException {
        String index = onlyIndexOf("b");
        Path file = repo.resolve(index);
        Damage.flipByte(file, random.nextInt((int) Files.size(file)));
        assertIndexDamage(index, true);
    }

    @Test
    void truncateAnIndexFile() throws IOException {
        String index = onlyIndexOf("b");
        Path file = repo.resolve(index);
        Damage.truncate(file, Files.size(file) / 2);
        assertIndexDamage(index, true);
    }

    @Test
    void deleteAnIndexFile() throws IOException {
        String index = onlyIndexOf("b");
        Damage.delete(repo.resolve(index));
        assertIndexDamage(index, false);
    }

    /**
     * Snapshot b lost its index file: check (with the cache the backups left, and without a cache)
     * fails and names the index file when it still exists, and snapshot b; the other snapshots
     * restore exactly; restoring b is never silently wrong, and fails without a cache.
     */
    private void assertIndexDamage(String index, boolean fileStillThere) throws IOException {
        Snap b = snaps.get("b");
        for (String mode : List.of("", "--no-cache")) {
            Cli.Result check = mode.isEmpty() ? cli.run("check") : cli.run("check", mode);
            assertThat(check.exit()).as("check " + mode + "\n" + check).isEqualTo(1);
            if (fileStillThere) assertThat(check.out()).as("check " + mode + "\n" + check).contains(index);
            if (!fileStillThere || mode.equals("--no-cache")) {
                assertThat(check.out()).as("check " + mode + "\n" + check).contains("snapshot " + b.id().substring(0, 8));
            }
        }
        for (String mode : List.of("", "--no-cache")) {
            for (String tag : List.of("a1", "a2")) {
                assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of(), mode).exit()).isZero();
            }
            Cli.Result r = restoreHonestly(cli, b, "/", Set.of(), mode);
            if (mode.equals("--no-cache") || !fileStillThere) assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        }
    }

    private String onlyIndexOf(String tag) {
        Set<String> files = snaps.get(tag).indexFiles();
        assertThat(files).hasSize(1);
        return files.iterator().next();
    }

    // ---- snapshot files -------------------------------------------------------------------------

    /**
     * A byte flipped in snapshot b's file. Check (with and without the cache) names the file. With
     * the cache the backups left, listing and restoring every snapshot still works exactly.
     */
    @Test
    void flipOneByteInASnapshotFile() throws IOException {
        Snap b = flipInSnapshotFile("b");
        for (String mode : List.of("", "--no-cache")) {
            Cli.Result check = mode.isEmpty() ? cli.run("check") : cli.run("check", mode);
            assertThat(check.exit()).as("check " + mode + "\n" + check).isEqualTo(1);
            assertThat(check.out()).as("check " + mode + "\n" + check).contains("snapshots/" + b.id());
        }
        Cli.Result list = cli.run("snapshots");
        assertThat(list.out()).as(list.toString()).contains(snaps.get("a1").id().substring(0, 8)).contains(snaps.get("a2").id().substring(0, 8));
        for (String tag : List.of("a1", "b", "a2")) {
            assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of()).exit()).isZero();
        }
    }

    /**
     * Without a cached copy (another machine, or the cache was lost), one damaged snapshot file must
     * not make the others unreachable: they are listed and restore exactly, the next backup works,
     * and only asking for b fails, naming its file.
     */
    @Test
    @Disabled("bug: Repository.snapshots() throws on the first damaged snapshot file, so snapshots/ls/restore/backup all fail without a cache")
    void damagedSnapshotFileDoesNotHideTheOthersWithoutCache() throws IOException {
        Snap b = flipInSnapshotFile("b");
        Cli.Result list = cli.run("snapshots", "--no-cache");
        assertThat(list.out()).as(list.toString()).contains(snaps.get("a1").id().substring(0, 8)).contains(snaps.get("a2").id().substring(0, 8));
        for (String tag : List.of("a1", "a2")) {
            assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of(), "--no-cache").exit()).isZero();
        }
        Cli.Result r = restoreHonestly(cli, b, "/", Set.of(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).as(r.toString()).contains("snapshots/" + b.id());
        Cli.Result backup = cli.run("backup", "--no-cache", srcB.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
    }

    private Snap flipInSnapshotFile(String tag) throws IOException {
        Snap s = snaps.get(tag);
        Path file = repo.resolve("snapshots/" + s.id());
        Damage.flipByte(file, random.nextInt((int) Files.size(file)));
        return s;
    }

    /**
     * A deleted snapshot file cannot be told from a forgotten snapshot (nothing else refers to it),
     * so check stays clean; the other snapshots restore exactly and asking for the deleted one
     * fails with a clear message.
     */
    @Test
    void deleteASnapshotFile() throws IOException {
        Snap b = snaps.get("b");
        Damage.delete(repo.resolve("snapshots/" + b.id()));
        for (String mode : List.of("", "--no-cache")) {
            Cli.Result check = mode.isEmpty() ? cli.run("check") : cli.run("check", mode);
            assertThat(check.exit()).as("check " + mode + "\n" + check).isZero();
            for (String tag : List.of("a1", "a2")) {
                assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of(), mode).exit()).isZero();
            }
            Cli.Result r = mode.isEmpty() ? cli.run("restore", b.id(), "--target", work.resolve("gone").toString())
                    : cli.run("restore", b.id(), "--target", work.resolve("gone").toString(), mode);
            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.err()).as(r.toString()).contains("no snapshot with id " + b.id());
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Path packFile(Id pack) {
        return repo.resolve(ContentStore.packName(pack));
    }

    /** Per snapshot tag, the files with a chunk for which damaged holds. */
    private Map<String, Set<String>> filesWith(Predicate<BlobRef> damaged) {
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

    /** Check's output names every affected file by its backed-up path. */
    private void assertNamesFiles(Cli.Result check, Map<String, Set<String>> broken) {
        broken.forEach((tag, files) -> {
            for (String f : files) {
                assertThat(check.out()).as("check names " + f + " of snapshot " + tag + "\n" + check).contains(snaps.get(tag).src().resolve(f) + ": ");
            }
        });
    }

    /**
     * Restores every snapshot: those without broken files byte for byte; the others must exit 1,
     * name each broken file, and restore every other file byte for byte.
     */
    private void assertRestores(Map<String, Set<String>> broken) throws IOException {
        for (Snap s : snaps.values()) {
            Set<String> mustFail = broken.getOrDefault(s.tag(), Set.of());
            Cli.Result r = restoreHonestly(cli, s, "/", mustFail);
            if (mustFail.isEmpty()) assertThat(r.exit()).as("snapshot " + s.tag() + " does not use the damaged part\n" + r).isZero();
            else assertThat(r.out()).as("the rest of snapshot " + s.tag() + " is restored\n" + r).contains("restored snapshot");
        }
    }

    /** Restoring the damaged file alone fails and names it; an undamaged file of the same snapshot restores. */
    private void assertSingleFiles(String tag, String damaged, Map<String, Set<String>> broken) throws IOException {
        Snap s = snaps.get(tag);
        restoreHonestly(cli, s, damaged, Set.of(damaged));
        String healthy = s.state().files().stream().filter(f -> !broken.get(tag).contains(f)).findFirst().orElseThrow();
        Cli.Result ok = restoreHonestly(cli, s, healthy, Set.of());
        assertThat(ok.exit()).as(ok.toString()).isZero();
    }

    /**
     * Restores path (relative to the snapshot's source, or "/" for all of it) and checks that nothing
     * is silently wrong: every file that is not byte-identical to its source is named in an error,
     * every file in mustFail is named and the exit code is then 1; with exit code 0 all is exact.
     */
    private Cli.Result restoreHonestly(Cli c, Snap s, String path, Set<String> mustFail) throws IOException {
        return restoreHonestly(c, s, path, mustFail, "");
    }

    private Cli.Result restoreHonestly(Cli c, Snap s, String path, Set<String> mustFail, String option) throws IOException {
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
    private static TreeState single(Snap s, String path) {
        java.util.SortedMap<String, String> m = new java.util.TreeMap<>();
        m.put(Path.of(path).getFileName().toString(), s.state().entries().get(path));
        return new TreeState(m);
    }

    private static Set<String> files(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add("index/" + p.getFileName()));
        }
        return out;
    }
}
