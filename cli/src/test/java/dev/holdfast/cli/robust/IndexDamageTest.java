package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A flipped byte in, a truncation of, or the deletion of snapshot b's index file. */
class IndexDamageTest extends DamageFixture {
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
}
