package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.rest.RestTls;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Uploads that break off or arrive damaged leave nothing behind that could later read as valid. */
@Timeout(60)
class UploadFaultTest extends RunningServer {

    @Test
    void connectionDroppedMidUploadLeavesNothing() throws Exception {
        try (SSLSocket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(headers("data/ab/half", 1_000_000, null).getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[300_000]);
            out.flush();
        }
        awaitLog("upload of data/ab/half by admin failed");
        assertThat(server.repo.stat("data/ab/half")).isEmpty();
        assertThat(server.repo.list("")).isEmpty();
        assertThat(temporaryFiles()).isZero();
    }

    @Test
    void uploadNotMatchingItsDigestIsRefused() throws Exception {
        byte[] body = new byte[50_000];
        String wrong = HexFormat.of().formatHex(new byte[32]);
        try (SSLSocket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(headers("index/damaged", body.length, wrong).getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 400");
        }
        assertThat(server.repo.list("")).isEmpty();
        assertThat(temporaryFiles()).isZero();
    }

    @Test
    void clientReportsADroppedConnectionAndTheServerKeepsNothing() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(server.port(), 1 << 20);
             Storage s = server.open("append", "append-pw", Map.of("rest.fingerprint", server.certificate.fingerprint()))) {
            byte[] data = new byte[4 << 20];
            new Random(1).nextBytes(data);
            try (Storage viaProxy = new TestServerAt(server, proxy.port()).open("append")) {
                assertThatThrownBy(() -> viaProxy.put("data/cd/pack", data))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("127.0.0.1:" + proxy.port()).hasMessageContaining("writing data/cd/pack");
            }
            awaitLog("upload of data/cd/pack by append failed");
            assertThat(s.stat("data/cd/pack")).isEmpty();
            assertThat(temporaryFiles()).isZero();
            s.put("data/cd/pack", data); // a second attempt on a sound connection goes through
            assertThat(server.repo.get("data/cd/pack")).isEqualTo(data);
        }
    }

    @Test
    void chunkedUploadsAreRefusedAndPlainHttpDoesNotDisturbTheServer() throws Exception {
        try (SSLSocket s = socket()) {
            String auth = Base64.getEncoder().encodeToString("admin:admin-pw".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(("PUT /v1/objects/chunked HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 411");
        }
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            plain.getOutputStream().write("GET /v1/info HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.getOutputStream().flush();
            plain.setSoTimeout(10_000);
            plain.getInputStream().readAllBytes(); // the server drops it: no TLS
        } catch (IOException expected) {
            // reset by the server
        }
        try (Storage s = server.open("admin")) {
            s.put("after", new byte[] {7});
            assertThat(s.list("")).extracting(dev.holdfast.storage.BlobInfo::name).containsExactly("after");
        }
    }

    private SSLSocket socket() throws Exception {
        return (SSLSocket) new RestTls(server.certificate.fingerprint()).context().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.port());
    }

    private static String headers(String name, long length, String sha) {
        return "PUT /v1/objects/" + name + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString("admin:admin-pw".getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Length: " + length + "\r\n" + (sha == null ? "" : "X-Holdfast-SHA256: " + sha + "\r\n") + "\r\n";
    }

    private void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (server.log.stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + text + "' in the server log: " + server.log);
            Thread.sleep(20);
        }
    }

    private long temporaryFiles() throws IOException {
        Path tmp = server.repo.root().resolve("tmp");
        if (!Files.exists(tmp)) return 0;
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }

    /** The same server reached through another port. */
    private record TestServerAt(TestServer server, int port) {
        Storage open(String user) throws IOException {
            Map<String, String> env = Map.of(dev.holdfast.rest.RestStorageProvider.PASSWORD_ENV, user + "-pw");
            return dev.holdfast.storage.Backends.openPlain("rest:https://" + user + "@127.0.0.1:" + port + "/", Path.of("."),
                    new dev.holdfast.storage.StorageOptions(env::get, server.dir,
                            Map.of("rest.fingerprint", server.certificate.fingerprint())));
        }
    }

    /** A TCP proxy that cuts every connection once it has forwarded limit bytes towards the server. */
    static final class CuttingProxy implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        CuttingProxy(int target, long limit) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                        AtomicLong sent = new AtomicLong();
                        Thread.ofVirtual().start(() -> pipe(client, upstream, sent, limit));
                        Thread.ofVirtual().start(() -> pipe(upstream, client, new AtomicLong(), Long.MAX_VALUE));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        private static void pipe(Socket from, Socket to, AtomicLong sent, long limit) {
            byte[] buf = new byte[16384];
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    if (sent.addAndGet(n) > limit) return;
                }
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
