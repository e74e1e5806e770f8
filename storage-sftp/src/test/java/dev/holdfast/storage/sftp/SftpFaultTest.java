package dev.holdfast.storage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.FaultyProxy;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.PermanentException;
import dev.holdfast.storage.RetryingStorage;
import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults against a real OpenSSH server: wrong key, unknown or changed host key, unreachable host, dropped connections. */
class SftpFaultTest {
    @TempDir static Path dir;
    @TempDir Path tmp;
    static SshdServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = SshdServer.start(dir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    private static Storage open(String location, Path home, Map<String, String> settings) throws IOException {
        return new SftpProvider().open(location, new StorageOptions(n -> null, home, settings));
    }

    private Path homeWithKnownHosts(String knownHosts) throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(server.home().resolve(".ssh/id_ed25519"), home.resolve(".ssh/id_ed25519"));
        Files.writeString(home.resolve(".ssh/known_hosts"), knownHosts);
        return home;
    }

    @Test
    void keyTheServerDoesNotAcceptIsRefusedClearly() throws Exception {
        Path other = server.home().resolve(".ssh/other_ed25519");
        try (Storage s = open(server.location(tmp.resolve("r")), server.home(), Map.of("ssh-key", other.toString()))) {
            assertThatThrownBy(() -> s.stat("config")).isInstanceOf(PermanentException.class)
                    .hasMessageContaining("refused the key").hasMessageContaining(other.toString())
                    .hasMessageContaining("authorized_keys");
        }
    }

    @Test
    void missingKeyFileIsNamed() throws Exception {
        try (Storage s = open(server.location(tmp.resolve("r")), server.home(), Map.of("ssh-key", tmp.resolve("nope").toString()))) {
            assertThatThrownBy(() -> s.list("")).isInstanceOf(PermanentException.class).hasMessageContaining("nope");
        }
        try (Storage s = open(server.location(tmp.resolve("r")), tmp, Map.of())) {
            assertThatThrownBy(() -> s.list("")).isInstanceOf(PermanentException.class).hasMessageContaining("--ssh-key");
        }
    }

    /** A public key, or a file that is no key at all, given as the key: said so, not "the server refused it". */
    @Test
    void aKeyFileWithoutAPrivateKeyIsNamed() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage"), "not a key\n");
        for (Path f : new Path[] {server.home().resolve(".ssh/other_ed25519.pub"), garbage}) {
            try (Storage s = open(server.location(tmp.resolve("r")), server.home(), Map.of("ssh-key", f.toString()))) {
                assertThatThrownBy(() -> s.stat("config")).as(f.toString()).isInstanceOf(PermanentException.class)
                        .hasMessageContaining(f.toString()).hasMessageContaining("holds no private key");
            }
        }
    }

    @Test
    void aServerThatNeverSpeaksSshTimesOutClearly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            try (Storage s = open("sftp://u@127.0.0.1:" + silent.getLocalPort() + "/srv/repo", server.home(), Map.of("sftp.timeout", "2"))) {
                assertThatThrownBy(() -> s.stat("config")).isInstanceOf(IOException.class)
                        .hasMessageContaining("did not finish the SSH login within 2 s");
            }
        }
    }

    @Test
    void unknownHostKeyStopsTheConnection() throws Exception {
        Path home = homeWithKnownHosts("");
        try (Storage s = open(server.location(tmp.resolve("r")), home, Map.of())) {
            assertThatThrownBy(() -> s.put("config", new byte[1])).isInstanceOf(PermanentException.class)
                    .hasMessageContaining("is not in " + home.resolve(".ssh/known_hosts"));
        }
        assertThat(tmp.resolve("r")).doesNotExist();
        assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).isEmpty();
    }

    @Test
    void changedHostKeyStopsTheConnection() throws Exception {
        String otherKey = Files.readString(server.home().resolve(".ssh/other_ed25519.pub")).strip();
        Path home = homeWithKnownHosts("[127.0.0.1]:" + server.port() + " " + otherKey + "\n");
        try (Storage s = open(server.location(tmp.resolve("r")), home, Map.of())) {
            assertThatThrownBy(() -> s.put("config", new byte[1])).isInstanceOf(PermanentException.class)
                    .hasMessageContaining("does not match").hasMessageContaining("ssh-keygen -R");
        }
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void hashedKnownHostsEntriesAreUnderstood() throws Exception {
        Path home = homeWithKnownHosts(Files.readString(server.home().resolve(".ssh/known_hosts")));
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", home.resolve(".ssh/known_hosts").toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(home.resolve(".ssh/known_hosts"))).startsWith("|1|");
        try (Storage s = open(server.location(tmp.resolve("r")), home, Map.of())) {
            s.put("config", new byte[] {3});
            assertThat(s.get("config")).containsExactly(3);
        }
    }

    @Test
    void unreachableHostIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (Storage s = open("sftp://u@127.0.0.1:" + port + "/srv/repo", server.home(), Map.of())) {
            assertThatThrownBy(() -> s.stat("config")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot connect to [127.0.0.1]:" + port).hasMessageContaining("refused");
        }
    }

    @Test
    void droppedConnectionMidUploadLeavesNothingAndTheNextCallReconnects() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(1).nextBytes(data);
        try (FaultyProxy proxy = new FaultyProxy(server.port())) {
            Path home = homeWithKnownHosts(Files.readString(server.home().resolve(".ssh/known_hosts"))
                    .replace("[127.0.0.1]:" + server.port(), "[127.0.0.1]:" + proxy.port()));
            String location = "sftp://" + System.getProperty("user.name") + "@127.0.0.1:" + proxy.port() + tmp.resolve("r");
            try (Storage s = open(location, home, Map.of("sftp.connections", "1"))) {
                proxy.cutAfter(1 << 20, 1);
                assertThatThrownBy(() -> s.put("data/00/blob", data)).isInstanceOf(IOException.class).hasMessageContaining("data/00/blob");
                assertThat(s.stat("data/00/blob")).isEmpty();
                assertThatThrownBy(() -> s.get("data/00/blob")).isInstanceOf(NotFoundException.class);
                assertThat(s.list("")).isEmpty();
                s.put("data/00/blob", data);
                assertThat(s.get("data/00/blob")).isEqualTo(data);
            }
            try (Storage s = new RetryingStorage(open(location, home, Map.of()), 3, Duration.ofMillis(10))) {
                proxy.cutAfter(1 << 20, 1);
                Path file = Files.write(tmp.resolve("staged"), data);
                s.putFile("data/01/pack", file);
                assertThat(s.get("data/01/pack")).isEqualTo(data);
                assertThat(file).doesNotExist();
            }
            assertThat(proxy.injected()).isEqualTo(2);
        }
    }

    @Test
    void scpStyleLocationsParse() {
        SftpLocation a = SftpLocation.parse("sftp:alice@backup.example:/srv/repo/");
        assertThat(a).isEqualTo(new SftpLocation("sftp:alice@backup.example:/srv/repo/", "alice", "backup.example", 22, "/srv/repo"));
        SftpLocation b = SftpLocation.parse("sftp:host:repo");
        assertThat(b.user()).isNull();
        assertThat(b.path()).isEqualTo("repo");
        SftpLocation c = SftpLocation.parse("sftp://bob@[::1]:2222/data/r");
        assertThat(c.host()).isEqualTo("::1");
        assertThat(c.port()).isEqualTo(2222);
        assertThat(c.path()).isEqualTo("/data/r");
        assertThat(SftpLocation.parse("sftp:me@[fe80::1]:/r").host()).isEqualTo("fe80::1");
        assertThatThrownBy(() -> SftpLocation.parse("sftp:nohostpath")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sftp:USER@HOST:/PATH");
        assertThatThrownBy(() -> SftpLocation.parse("sftp://u@127.0.0.1:abc/x")).hasMessageContaining("the port is not a number");
        assertThatThrownBy(() -> SftpLocation.parse("sftp:///x")).hasMessageContaining("no host name");
    }
}
