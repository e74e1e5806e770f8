package dev.holdfast.server;

import dev.holdfast.rest.RestStorageProvider;
import dev.holdfast.storage.Backends;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A repository server on loopback for tests: a local repository in dir/repo, users admin, append
 * and read (password: the name followed by "-pw"), and a self-signed certificate kept in dir.
 */
final class TestServer implements AutoCloseable {
    /** Cheap scrypt for tests. */
    static final int LOG_N = 10;

    final Path dir;
    final LocalStorage repo;
    final ServerCertificate certificate;
    final RepositoryServer server;
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    TestServer(Path dir) throws IOException {
        this(dir, ServerCertificate.selfSigned(dir.resolve("tls"), List.of()));
    }

    TestServer(Path dir, ServerCertificate certificate) throws IOException {
        this.dir = dir;
        this.certificate = certificate;
        Path users = dir.resolve("users");
        if (!Files.exists(users)) {
            for (String name : List.of("admin", "append", "read")) {
                UsersFile.put(users, new UsersFile.User(name, Role.parse(name), PasswordHash.create(name + "-pw", LOG_N)));
            }
        }
        this.repo = new LocalStorage(dir.resolve("repo"));
        this.server = RepositoryServer.start(repo, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new Authenticator(users, log::add), certificate, log::add);
    }

    int port() {
        return server.address().getPort();
    }

    /** {@code rest:https://USER@127.0.0.1:PORT/}. */
    String location(String user) {
        return "rest:https://" + (user == null ? "" : user + "@") + "127.0.0.1:" + port() + "/";
    }

    /** A client for user with its right password, pinning this server's certificate. */
    Storage open(String user) throws IOException {
        return open(user, user + "-pw", Map.of("rest.fingerprint", certificate.fingerprint()));
    }

    /** A client opened through Backends (the ServiceLoader), without retries, with the given password and settings. */
    Storage open(String user, String password, Map<String, String> settings) throws IOException {
        Map<String, String> env = new HashMap<>();
        if (password != null) env.put(RestStorageProvider.PASSWORD_ENV, password);
        return Backends.openPlain(location(user), Path.of("."), new StorageOptions(env::get, dir, settings));
    }

    @Override
    public void close() {
        server.close();
    }
}
