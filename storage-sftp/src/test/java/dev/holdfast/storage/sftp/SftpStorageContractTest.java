package dev.holdfast.storage.sftp;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageContract;
import dev.holdfast.storage.StorageOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against a real OpenSSH server on loopback, each test in a new directory. */
class SftpStorageContractTest extends StorageContract {
    @TempDir static Path dir;
    static SshdServer server;
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = SshdServer.start(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    static StorageOptions options(SshdServer server, Map<String, String> settings) {
        return new StorageOptions(name -> null, server.home(), settings);
    }

    @Override
    protected Storage newStorage() throws Exception {
        return new SftpProvider().open(server.location(dir.resolve("repos/r" + N.incrementAndGet())), options(server, Map.of()));
    }
}
