package dev.holdfast.storage.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests (Debian's openssh-server, /usr/sbin/sshd) on a loopback port,
 * with its own configuration, host key and authorized_keys in a temporary directory. It also
 * prepares a client home: home/.ssh/id_ed25519 (authorized), home/.ssh/known_hosts (the server's
 * key) and home/.ssh/other_ed25519 (a key the server does not accept). Close stops it.
 */
public final class SshdServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path home;
    private final Path dir;

    private SshdServer(Process process, int port, Path home, Path dir) {
        this.process = process;
        this.port = port;
        this.home = home;
        this.dir = dir;
    }

    public static SshdServer start(Path base) throws IOException, InterruptedException {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd)) throw new IOException("/usr/sbin/sshd not found: install Debian's openssh-server (.ci/run does)");
        Path dir = Files.createDirectories(base.resolve("sshd"));
        Path home = Files.createDirectories(base.resolve("client-home"));
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        keygen(dir.resolve("host_ed25519"));
        keygen(ssh.resolve("id_ed25519"));
        keygen(ssh.resolve("other_ed25519"));
        Files.copy(ssh.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String hostKey = Files.readString(dir.resolve("host_ed25519.pub")).strip();
        Files.writeString(ssh.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin yes",
                "MaxStartups 100",
                "MaxSessions 100",
                "LogLevel ERROR",
                "Subsystem sftp internal-sftp")) + "\n");
        Process p = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        SshdServer server = new SshdServer(p, port, home, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                InputStream in = s.getInputStream();
                byte[] banner = new byte[4];
                if (in.readNBytes(banner, 0, 4) == 4 && new String(banner, StandardCharsets.US_ASCII).equals("SSH-")) return server;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        server.close();
        throw new IOException("sshd did not start; see " + dir.resolve("sshd.log"));
    }

    private static void keygen(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "holdfast-test", "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("ssh-keygen failed: " + out);
    }

    public int port() {
        return port;
    }

    /** The client home: .ssh/id_ed25519, .ssh/other_ed25519, .ssh/known_hosts. */
    public Path home() {
        return home;
    }

    /** The server's directory (its host key is host_ed25519). */
    public Path dir() {
        return dir;
    }

    /** An sftp:// location for the absolute server path. */
    public String location(Path path) {
        return "sftp://" + System.getProperty("user.name") + "@127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        dev.holdfast.storage.ServerProcess.stop(process);
    }
}
