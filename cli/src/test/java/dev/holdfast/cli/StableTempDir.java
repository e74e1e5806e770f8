package dev.holdfast.cli;

import dev.holdfast.posix.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * A temporary directory whose ancestors nobody else touches: directly under "/" when this runs as
 * root. A snapshot records the directories above its sources, so sources under the busy /tmp
 * change the snapshot's top trees whenever another process adds a file there.
 */
final class StableTempDir implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        if (Posix.geteuid() == 0 && Files.isWritable(Path.of("/"))) return Files.createTempDirectory(Path.of("/"), "holdfast-test-");
        return Files.createTempDirectory("holdfast-test-");
    }
}
