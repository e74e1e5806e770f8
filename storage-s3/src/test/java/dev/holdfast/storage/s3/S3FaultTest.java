package dev.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.FaultyProxy;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.PermanentException;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults against a real S3 server: missing bucket, bad or expired credentials, throttling, dropped connections. */
class S3FaultTest {
    @TempDir static Path dir;
    @TempDir Path tmp;
    static S3ProxyServer server;
    FaultyProxy proxy;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(dir);
        try (Storage s = S3Fixture.open(server.endpoint(), "faults", Map.of())) {
            s.create();
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new FaultyProxy(server.port());
    }

    @AfterEach
    void stopProxy() throws IOException {
        proxy.close();
    }

    private Storage viaProxy(String prefix, Map<String, String> settings) throws Exception {
        return S3Fixture.open("http://127.0.0.1:" + proxy.port(), "faults/" + prefix, settings);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void missingBucketIsNamedAndInitCreatesIt() throws Exception {
        try (Storage s = S3Fixture.open(server.endpoint(), "no-such-bucket/repo", Map.of())) {
            assertThatThrownBy(() -> s.stat("config")).isInstanceOf(PermanentException.class)
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist");
            assertThatThrownBy(() -> s.get("config")).isInstanceOf(PermanentException.class).hasMessageContaining("does not exist");
            assertThatThrownBy(() -> s.put("config", new byte[1])).isInstanceOf(PermanentException.class);
            assertThatThrownBy(() -> s.list("")).isInstanceOf(PermanentException.class);
        }
        try (Storage s = S3Fixture.open(server.endpoint(), "created-bucket/repo", Map.of())) {
            s.create();
            s.create();
            s.put("config", new byte[] {1});
            assertThat(s.get("config")).containsExactly(1);
        }
    }

    @Test
    void wrongSecretIsRefusedWithoutRetrying() throws Exception {
        var opts = S3Fixture.options(Map.of("AWS_SECRET_ACCESS_KEY", "wrong-secret"), Map.of());
        try (Storage s = new S3Provider().open("s3:http://127.0.0.1:" + proxy.port() + "/faults/x", opts)) {
            assertThatThrownBy(() -> s.get("config")).isInstanceOf(PermanentException.class)
                    .hasMessageContaining("holdfast-test-access").hasMessageContaining("the environment");
            assertThatThrownBy(() -> s.put("config", new byte[1])).isInstanceOf(PermanentException.class);
        }
        assertThat(proxy.connections()).isLessThanOrEqualTo(2);
    }

    @Test
    void unknownAccessKeyIsRefused() throws Exception {
        var opts = S3Fixture.options(Map.of("AWS_ACCESS_KEY_ID", "nobody"), Map.of());
        try (Storage s = new S3Provider().open("s3:" + server.endpoint() + "/faults/x", opts)) {
            assertThatThrownBy(() -> s.list("")).isInstanceOf(PermanentException.class).hasMessageContaining("nobody");
        }
    }

    @Test
    void expiredCredentialsAreReported() throws Exception {
        try (Storage s = viaProxy("expired", Map.of())) {
            proxy.answerHttp(400, "ExpiredToken", 100);
            assertThatThrownBy(() -> s.get("config")).isInstanceOf(PermanentException.class).hasMessageContaining("expired");
        }
        assertThat(proxy.injected()).isEqualTo(1);
    }

    @Test
    void unreachableServerIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Storage s = S3Fixture.open("http://127.0.0.1:" + port, "b/p", Map.of())) {
            assertThatThrownBy(() -> s.stat("config")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot connect to S3 server http://127.0.0.1:" + port);
        }
    }

    @Test
    void throttlingIsRetriedWithBackoff() throws Exception {
        byte[] data = random(300_000);
        proxy.answerHttp(503, "SlowDown", 3);
        try (Storage s = viaProxy("slow", Map.of())) {
            s.put("data/00/blob", data);
        }
        proxy.answerHttp(503, "SlowDown", 3);
        try (Storage s = viaProxy("slow", Map.of())) {
            assertThat(s.get("data/00/blob")).isEqualTo(data);
        }
        proxy.answerHttp(500, "InternalError", 2);
        try (Storage s = viaProxy("slow", Map.of())) {
            assertThat(s.list("data/")).hasSize(1);
        }
        assertThat(proxy.injected()).isEqualTo(8);
    }

    @Test
    void throttlingThatNeverEndsFailsClearly() throws Exception {
        try (Storage s = viaProxy("slow2", Map.of("s3.retries", "3", "s3.retry-delay-ms", "1"))) {
            proxy.answerHttp(503, "SlowDown", 100);
            assertThatThrownBy(() -> s.put("blob", new byte[10])).isInstanceOf(IOException.class)
                    .hasMessageContaining("SlowDown").hasMessageContaining("gave up");
        }
        assertThat(proxy.injected()).isEqualTo(3);
    }

    @Test
    void droppedUploadIsRetriedAndStoredWhole() throws Exception {
        byte[] data = random(2 << 20);
        try (Storage s = viaProxy("drop", Map.of())) {
            proxy.cutAfter(500_000, 2);
            s.put("data/01/blob", data);
            assertThat(s.get("data/01/blob")).isEqualTo(data);
        }
    }

    @Test
    void droppedUploadWithoutRetriesLeavesNothing() throws Exception {
        byte[] data = random(2 << 20);
        try (Storage s = viaProxy("drop2", Map.of("s3.retries", "1"))) {
            proxy.cutAfter(500_000, 1);
            assertThatThrownBy(() -> s.put("data/02/blob", data)).isInstanceOf(IOException.class)
                    .hasMessageContaining("data/02/blob");
            assertThat(s.stat("data/02/blob")).isEmpty();
            assertThatThrownBy(() -> s.get("data/02/blob")).isInstanceOf(NotFoundException.class);
            assertThat(s.list("")).isEmpty();
        }
    }

    @Test
    void largeFileGoesUpInPartsAndAFailedPartLeavesNothing() throws Exception {
        byte[] data = random(12 << 20);
        Map<String, String> small = Map.of("s3.part-size", "5M", "s3.multipart-threshold", "6M", "s3.retries", "1");
        try (Storage s = viaProxy("multi", small)) {
            Path file = Files.write(tmp.resolve("pack"), data);
            s.putFile("data/03/pack", file);
            assertThat(file).doesNotExist();
            assertThat(s.get("data/03/pack")).isEqualTo(data);
            assertThat(s.getRange("data/03/pack", (5 << 20) - 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(data, (5 << 20) - 10, (5 << 20) + 10));

        }
        Path again = Files.write(tmp.resolve("pack2"), data);
        proxy.cutAfter(7 << 20, 100);
        try (Storage s = viaProxy("multi", small)) {
            assertThatThrownBy(() -> s.putFile("data/03/pack2", again)).isInstanceOf(IOException.class);
            assertThat(again).exists();
        }
        proxy.cutAfter(-1, 0);
        try (Storage s = viaProxy("multi", small)) {
            assertThat(s.stat("data/03/pack2")).isEmpty();
            assertThat(s.list("data/")).extracting(b -> b.name()).containsExactly("data/03/pack");
        }
    }

    @Test
    void anObjectWhoseContentDoesNotMatchItsStoredHashIsRefused() throws Exception {
        try (Storage s = S3Fixture.open(server.endpoint(), "faults/hash", Map.of())) {
            s.put("config", new byte[] {1, 2, 3});
            assertThat(s.get("config")).containsExactly(1, 2, 3);
        }
        S3Location loc = S3Location.parse("s3:" + server.endpoint() + "/faults/hash", null);
        var creds = new Credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null, "test");
        try (S3Client raw = new S3Client(loc, creds, "us-east-1", 1, java.time.Duration.ZERO, java.time.Duration.ofSeconds(30));
             Storage s = S3Fixture.open(server.endpoint(), "faults/hash", Map.of())) {
            byte[] other = {9, 9, 9};
            var r = raw.send("PUT", loc.prefix() + "config", Map.of(), Map.of(S3Storage.SHA256_META, SigV4.sha256Hex(new byte[] {1, 2, 3})),
                    S3Client.Body.of(other, 0, 3));
            assertThat(r.status()).isEqualTo(200);
            assertThatThrownBy(() -> s.get("config")).isInstanceOf(IOException.class).hasMessageContaining("does not match its SHA-256");
        }
    }
}
