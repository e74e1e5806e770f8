package dev.holdfast.server;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, through the rest: client against a real server (a fresh one per test), as admin. */
class RestStorageContractTest extends StorageContract {
    @TempDir
    Path dir;

    private TestServer server;

    @Override
    protected Storage newStorage() throws Exception {
        server = new TestServer(dir);
        return server.open("admin");
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }
}
