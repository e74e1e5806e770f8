package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A flipped byte in, or the deletion of, snapshot b's file. */
class SnapshotFileDamageTest extends DamageFixture {
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
     * not make the others unreachable: they are listed (with a warning naming the damaged file) and
     * restore exactly, the next backup works, and asking for b restores nothing.
     */
    @Test
    void damagedSnapshotFileDoesNotHideTheOthersWithoutCache() throws IOException {
        Snap b = flipInSnapshotFile("b");
        Cli.Result list = cli.run("snapshots", "--no-cache");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).as(list.toString()).contains(snaps.get("a1").id().substring(0, 8)).contains(snaps.get("a2").id().substring(0, 8));
        assertThat(list.err()).as(list.toString()).contains("snapshots/" + b.id());
        for (String tag : List.of("a1", "a2")) {
            assertThat(restoreHonestly(cli, snaps.get(tag), "/", Set.of(), "--no-cache").exit()).isZero();
        }
        Path target = work.resolve("restore-damaged");
        Cli.Result r = cli.run("restore", b.id() + ":" + b.src(), "--target", target.toString(), "--no-cache");
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(Files.exists(target) ? TreeState.of(target).entries() : java.util.Map.of()).as("nothing restored\n" + r).isEmpty();
        Cli.Result backup = cli.run("backup", "--no-cache", srcB.toString());
        assertThat(backup.exit()).as(backup.toString()).isZero();
        Cli.Result check = cli.run("check", "--no-cache");
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.out()).as(check.toString()).contains("snapshots/" + b.id());
    }

    /** Asking for the damaged snapshot by its id says that its file is damaged, and exits 1. */
    @Test
    void restoringADamagedSnapshotNamesItsFile() throws IOException {
        Snap b = flipInSnapshotFile("b");
        for (String command : List.of("restore", "ls")) {
            Cli.Result r = command.equals("restore")
                    ? cli.run("restore", b.id(), "--target", work.resolve("out").toString(), "--no-cache")
                    : cli.run("ls", b.id(), "--no-cache");
            assertThat(r.exit()).as(command + "\n" + r).isEqualTo(1);
            assertThat(r.err()).as(command + "\n" + r).contains("snapshots/" + b.id()).contains("damaged");
        }
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
}
