package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training run of the ahead-of-time cache runs every command it lists without a failure, prune included. */
class TrainTest {
    @Test
    void everyCommandOfTheTrainingRunSucceeds(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (int i = 0; i < 30; i++) Files.writeString(data.resolve("f" + i + ".txt"), ("file " + i + " ").repeat(2000 + 97 * i));
        assertThat(Train.train(dir.resolve("work"), data)).isZero();
        try (Stream<Path> restored = Files.walk(dir.resolve("work/out"))) {
            assertThat(restored.filter(Files::isRegularFile).count()).isPositive();
        }
    }
}
