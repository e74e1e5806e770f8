package dev.holdfast.storage.s3;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageContract;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract against a real S3 server (S3Proxy on loopback), each test in a fresh
 * prefix of one bucket. A small multipart threshold makes the 20 MiB blob a multipart upload.
 */
class S3StorageContractTest extends StorageContract {
    @TempDir static Path dir;
    static S3ProxyServer server;
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(dir);
        try (Storage s = S3Fixture.open(server.endpoint(), "contract", Map.of())) {
            s.create();
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Override
    protected Storage newStorage() throws Exception {
        return S3Fixture.open(server.endpoint(), "contract/t" + N.incrementAndGet(), Map.of());
    }
}
