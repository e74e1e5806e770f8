package dev.holdfast.storage.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for tests: S3Proxy (org.gaul:s3proxy, copied to target/servers by the build)
 * with its filesystem back end and AWS V4 authentication, run as a separate Java process on a
 * loopback port. Close stops it.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "holdfast-test-access";
    public static final String SECRET_KEY = "holdfast-test-secret";

    private final Process process;
    private final int port;

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts S3Proxy storing its buckets under dir; waits until it answers. */
    public static S3ProxyServer start(Path dir) throws IOException, InterruptedException {
        Path jar = jar();
        Path data = Files.createDirectories(dir.resolve("s3data"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path props = dir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n", List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=" + System.getProperty("s3proxy.provider", "transient-nio2"),
                "jclouds.identity=" + ACCESS_KEY,
                "jclouds.credential=" + SECRET_KEY,
                "jclouds.filesystem.basedir=" + data)) + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(server.endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.getResponseCode();
                c.disconnect();
                return server;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("S3Proxy did not start within 60 s; see " + dir.resolve("s3proxy.log"));
    }

    /** The S3Proxy jar: -Ds3proxy.jar, else target/servers/s3proxy.jar of this module or a sibling's. */
    static Path jar() throws IOException {
        String p = System.getProperty("s3proxy.jar");
        if (p != null) return Path.of(p);
        for (Path c : List.of(Path.of("target/servers/s3proxy.jar"), Path.of("../storage-s3/target/servers/s3proxy.jar"))) {
            if (Files.isRegularFile(c)) return c.toAbsolutePath();
        }
        throw new IOException("s3proxy.jar not found in target/servers (run through Maven, which copies it there)");
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Environment variables holding the server's credentials. */
    public static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    @Override
    public void close() throws InterruptedException {
        dev.holdfast.storage.ServerProcess.stop(process);
    }
}
