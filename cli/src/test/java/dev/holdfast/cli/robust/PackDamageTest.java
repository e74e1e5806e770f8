package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import dev.holdfast.repo.pack.BlobRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One byte flipped in a data pack or a tree pack, a truncated pack, a deleted pack
 * (see {@link DamageFixture} for what must hold).
 */
class PackDamageTest extends DamageFixture {
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

    /**
     * Snapshots a1 and a2 share the tree of a directory that did not change between them: a chunk
     * of a file in it that is damaged must be named for both, each with its snapshot, although the
     * walk reads the shared tree once.
     */
    @Test
    void flipOneByteInAFileTwoSnapshotsShare() throws IOException {
        Map<String, List<BlobRef>> a1 = snaps.get("a1").layout().files(), a2 = snaps.get("a2").layout().files();
        String shared = a1.keySet().stream().sorted()
                .filter(f -> !f.startsWith("d0/") && !f.startsWith("big/") && !a1.get(f).isEmpty() && a1.get(f).equals(a2.get(f)))
                .findFirst().orElseThrow();
        BlobRef chunk = a1.get(shared).getFirst();
        Damage.flipByte(packFile(chunk.pack()), chunk.offset() + chunk.length() / 2);
        Map<String, Set<String>> broken = filesWith(ref -> ref.equals(chunk));
        assertThat(broken.get("a1")).contains(shared);
        assertThat(broken.get("a2")).contains(shared);

        Cli.Result check = cli.run("check", "--read-data");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertNamesFiles(check, broken);
        assertRestores(broken);
    }

    /**
     * check --read-data does not hash whole packs: a byte flipped outside every blob (the magic,
     * the sealed header, the trailer that locates it) must still be found through the header's
     * authentication and the rule that blobs fill the pack up to the header.
     */
    @Test
    void flipOneByteOutsideTheBlobsOfAPack() throws IOException {
        BlobRef chunk = snaps.get("b").layout().files().get("big/r0.bin").getFirst();
        Path pack = packFile(chunk.pack());
        long size = java.nio.file.Files.size(pack);
        for (long offset : new long[] {1, size - 20, size - 1}) {
            Damage.flipByte(pack, offset);
            Cli.Result check = cli.run("check", "--read-data");
            assertThat(check.exit()).as("byte " + offset + ": " + check).isEqualTo(1);
            assertThat(check.out()).as(check.toString()).contains("pack " + chunk.pack().hex() + " is damaged");
            Damage.flipByte(pack, offset);
        }
        assertThat(cli.run("check", "--read-data").exit()).isZero();
    }

    @Test
    void truncateADataPack() throws IOException {
        BlobRef chunk = chunkInLeastSharedPack("b", "big/r1.bin");
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
        BlobRef chunk = chunkInLeastSharedPack("b", "big/r0.bin");
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
}
