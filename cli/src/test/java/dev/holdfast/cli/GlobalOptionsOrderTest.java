package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Global options work before the command too, as restic users type them. */
class GlobalOptionsOrderTest {
    @TempDir
    Path work;

    private static String[] moved(String... args) {
        return Main.globalOptionsAfterCommand(args);
    }

    @Test
    void optionsBeforeTheCommandMoveToJustAfterIt() {
        assertThat(moved("-r", "/repo", "snapshots", "--json")).containsExactly("snapshots", "-r", "/repo", "--json");
        assertThat(moved("--repo=/repo", "--debug", "ls", "latest")).containsExactly("ls", "--repo=/repo", "--debug", "latest");
        assertThat(moved("-r/repo", "--no-cache", "-o", "a=b", "check")).containsExactly("check", "-r/repo", "--no-cache", "-o", "a=b");
        assertThat(moved("--password-file", "pw", "--cache-dir", "/c", "backup", "/src"))
                .containsExactly("backup", "--password-file", "pw", "--cache-dir", "/c", "/src");
    }

    @Test
    void otherCommandLinesAreLeftAlone() {
        assertThat(moved("snapshots", "-r", "/repo")).containsExactly("snapshots", "-r", "/repo");
        assertThat(moved("--help")).containsExactly("--help");
        assertThat(moved("-r", "/repo")).containsExactly("-r", "/repo");
        assertThat(moved("--bogus", "snapshots")).containsExactly("--bogus", "snapshots");
        assertThat(moved()).isEmpty();
    }

    @Test
    void aRepositoryGivenBeforeTheCommandIsUsed() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "hello");
        Cli cli = new Cli(work);
        String other = work.resolve("other").toString();
        assertThat(cli.run("-r", other, "init").exit()).isZero();
        assertThat(cli.run("--repo", other, "backup", src.toString()).exit()).isZero();
        Cli.Result s = cli.run("-r", other, "snapshots", "--json");
        assertThat(s.exit()).as(s.toString()).isZero();
        assertThat(s.out()).contains(src.toString());
        assertThat(Files.exists(work.resolve("repo"))).as("the environment's repository is untouched").isFalse();
    }
}
