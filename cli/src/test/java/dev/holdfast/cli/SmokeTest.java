package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path work;

    @Test
    void backupAndRestoreRoundTripInProcessAndAsAProcess() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "hello");
        Cli cli = new Cli(work);
        assertThat(cli.run("init").exit()).isZero();
        Cli.Result b = cli.run("backup", src.toString());
        assertThat(b.exit()).as(b.toString()).isZero();
        Cli.Result r = cli.exec("restore", "latest", "--target", work.resolve("out").toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(work.resolve("out").resolve(src.toString().substring(1)).resolve("a.txt")).hasContent("hello");
    }
}
