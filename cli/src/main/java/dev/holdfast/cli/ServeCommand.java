package dev.holdfast.cli;

import dev.holdfast.server.Authenticator;
import dev.holdfast.server.PasswordHash;
import dev.holdfast.server.RepositoryServer;
import dev.holdfast.server.Role;
import dev.holdfast.server.ServerCertificate;
import dev.holdfast.server.UsersFile;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = {"Serve a repository over HTTPS to clients using rest:https://USER@HOST:PORT/ (see docs/server.md).",
        "The server stores what clients send, which is encrypted: it never needs the repository's password.",
        "Users and roles (read, append, admin) are kept in a users file: add them with --add-user NAME --role ROLE",
        "(the password comes from --new-password-file, $HOLDFAST_NEW_PASSWORD, or a prompt)."})
final class ServeCommand extends BaseCommand {
    @Option(names = "--listen", paramLabel = "[HOST]:PORT", defaultValue = ":8443",
            description = "Address to listen on; no host: all interfaces; port 0: any free port. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--config-dir", paramLabel = "DIR",
            description = "Where the users file and the self-signed certificate are kept. Default: $XDG_CONFIG_HOME/holdfast/server, else ~/.config/holdfast/server.")
    Path configDir;

    @Option(names = "--users", paramLabel = "FILE", description = "The users file. Default: users in the config directory.")
    Path users;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM certificate chain to present (with --tls-key). Default: a self-signed certificate generated on first start and kept in the config directory.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (unencrypted).")
    Path tlsKey;

    @Option(names = "--add-user", paramLabel = "NAME", description = "Add a user (or change an existing user's role and password) and exit.")
    String addUser;

    @Option(names = "--role", paramLabel = "ROLE", description = "Role for --add-user: read, append (backup: add but never replace or delete) or admin.")
    String role;

    @Option(names = "--remove-user", paramLabel = "NAME", description = "Remove a user and exit.")
    String removeUser;

    @Option(names = "--list-users", description = "List the users and their roles and exit.")
    boolean listUsers;

    @Option(names = "--new-password-file", paramLabel = "FILE", description = "Read the password for --add-user from the first line of FILE.")
    Path newPasswordFile;

    @Override
    public Integer call() throws Exception {
        if (addUser != null) return addUser();
        if (removeUser != null) {
            if (!UsersFile.remove(usersFile(), UsersFile.checkName(removeUser))) throw new UserException("no user " + removeUser + " in " + usersFile());
            env.out().println("removed user " + removeUser + " from " + usersFile());
            return ExitCodes.OK;
        }
        if (listUsers) {
            for (UsersFile.User u : UsersFile.read(usersFile()).values()) env.out().println(u.name() + " " + u.role().label());
            return ExitCodes.OK;
        }
        return serve();
    }

    private int addUser() throws IOException {
        UsersFile.checkName(addUser);
        if (role == null) throw new IllegalArgumentException("--add-user needs --role read, append or admin");
        Role r = Role.parse(role);
        String password = new String(KeyCommand.newPassword(env, newPasswordFile), StandardCharsets.UTF_8);
        boolean existed = UsersFile.put(usersFile(), new UsersFile.User(addUser, r, PasswordHash.create(password, PasswordHash.DEFAULT_LOG_N)));
        env.out().println((existed ? "changed user " : "added user ") + addUser + " (" + r.label() + ") in " + usersFile()
                + "; a running server picks this up within a second");
        return ExitCodes.OK;
    }

    private int serve() throws IOException, InterruptedException {
        RepoAccess access = access();
        if (access.isDefault()) throw new UserException("serve needs a repository: -r DIR (or $HOLDFAST_REPOSITORY)", ExitCodes.USAGE);
        if ((tlsCert == null) != (tlsKey == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        InetSocketAddress address = parseListen(listen);
        Authenticator auth = new Authenticator(usersFile(), line -> env.err().println("holdfast serve: " + line));
        ServerCertificate cert = tlsCert != null ? ServerCertificate.load(env.path(tlsCert), env.path(tlsKey))
                : ServerCertificate.selfSigned(configDir(), address.getAddress().isAnyLocalAddress()
                        ? List.of(RepoAccess.hostname(env)) : List.of(address.getHostString(), RepoAccess.hostname(env)));
        Storage storage = access.storage();
        RepositoryServer server;
        try {
            server = RepositoryServer.start(storage, address, auth, cert, line -> env.err().println("holdfast serve: " + line));
        } catch (java.net.BindException e) {
            storage.close();
            throw new UserException("cannot listen on " + listen + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        InetSocketAddress bound = server.address();
        String host = bound.getAddress().isAnyLocalAddress() ? RepoAccess.hostname(env) : bound.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        env.out().println("serving " + storage.location() + " to " + auth.size() + " users from " + auth.file());
        env.out().println("TLS certificate " + cert.fingerprint() + (cert.selfSigned() && tlsCert == null ? " (self-signed, kept in " + configDir() + ")" : ""));
        env.out().println("listening on https://" + host + ":" + bound.getPort() + "/");
        env.out().println("clients use: -r rest:https://USER@" + host + ":" + bound.getPort() + "/"
                + (cert.selfSigned() ? " -o rest.fingerprint=" + cert.fingerprint() : ""));
        env.out().flush();
        stopped.await();
        return ExitCodes.OK;
    }

    /** {@code HOST:PORT}, {@code :PORT}, {@code [V6]:PORT} or {@code PORT}. */
    static InetSocketAddress parseListen(String s) {
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 65535) throw new IllegalArgumentException("--listen " + s + ": expected [HOST]:PORT, for example :8443 or 127.0.0.1:8443");
        InetSocketAddress a = host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
        if (a.isUnresolved()) throw new IllegalArgumentException("--listen " + s + ": unknown host " + host);
        return a;
    }

    private Path configDir() {
        if (configDir != null) return env.path(configDir);
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null ? Path.of(xdg) : env.home().resolve(".config")).resolve("holdfast/server");
    }

    private Path usersFile() {
        return users != null ? env.path(users) : configDir().resolve("users");
    }
}
