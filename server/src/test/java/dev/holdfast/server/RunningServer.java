package dev.holdfast.server;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests that need one {@link TestServer}, started before each test and stopped after it. */
abstract class RunningServer {
    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new TestServer(dir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
