package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code holdfast serve} as a real process, and the CLI using it through {@code rest:}: a backup
 * client with the append role initialises, backs up, lists, restores and checks, but cannot delete;
 * a read-only user cannot back up; a wrong password or an unpinned certificate is refused.
 */
@Timeout(180)
class ServeTest extends CliTestSupport {
    private Process server;
    private final StringBuilder serverErr = new StringBuilder();

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
    }

    @Test
    void backupThroughTheServerWithAnAppendOnlyUser() throws Exception {
        addUser("backup", "append");
        addUser("reader", "read");
        Path served = work.resolve("served");
        String[] started = startServer(served);
        String location = "rest:https://backup@127.0.0.1:" + started[0] + "/";
        cli.set("HOLDFAST_REPOSITORY", location).set("HOLDFAST_REST_PASSWORD", "backup-pw")
                .set("HOLDFAST_REST_FINGERPRINT", started[1]);

        Path src = Files.createDirectories(work.resolve("src/docs"));
        for (int i = 0; i < 40; i++) Files.write(src.resolve("f" + i), Fs.random(i, 3000 + i * 997));
        Files.write(src.resolve("big"), Fs.random(99, 3 << 20));
        assertThat(ok("init").out()).contains("created repository").contains(location);
        Cli.Result first = cli.exec("backup", src.toString()); // a real client process as well
        assertThat(first.exit()).as(first.toString()).isZero();
        Files.write(src.resolve("f0"), Fs.random(1000, 5000));
        Files.writeString(src.resolve("new.txt"), "added later");
        ok("backup", src.toString());

        assertThat(json(ok("snapshots", "--json").out())).hasSize(2);
        Path out = work.resolve("out");
        ok("restore", "latest", "--target", out.toString());
        assertThat(TreeDiff.diff(Fs.b(src), Fs.b(out.resolve(src.toString().substring(1))))).isEmpty();
        assertThat(ok("check", "--read-data").out()).contains("no errors found");

        cli.set("HOLDFAST_NEW_PASSWORD", "second-password");
        assertThat(ok("key", "add").out()).contains("added key"); // adding is what append allows
        String second = otherKeyId();
        // commands that delete are refused before they write anything (a prune would otherwise write
        // its compacted index and lock and then fail on the first delete)
        Set<String> before = files(served);
        for (String[] deleting : new String[][] {{"key", "remove", second}, {"key", "passwd"}, {"prune"}, {"forget", "--keep-last", "1"}}) {
            Cli.Result r = cli.run(deleting);
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
            assertThat(r.err()).as(r.toString()).contains(deleting[0] + (deleting[0].equals("key") ? " " + deleting[1] : "") + " ")
                    .contains("the append role, which cannot delete").contains("nothing was changed");
            assertThat(r.out()).as(r.toString()).isEmpty();
        }
        assertThat(files(served)).isEqualTo(before);
        assertThat(otherKeyId()).isEqualTo(second);

        // the served directory is an ordinary local repository holding the same snapshots
        assertThat(json(ok("snapshots", "--json", "-r", served.toString()).out())).hasSize(2);

        cli.set("HOLDFAST_REPOSITORY", "rest:https://reader@127.0.0.1:" + started[0] + "/").set("HOLDFAST_REST_PASSWORD", "reader-pw");
        assertThat(json(ok("snapshots", "--json").out())).hasSize(2);
        Cli.Result denied = cli.run("backup", src.toString());
        assertThat(denied.exit()).as(denied.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(denied.err()).contains("HTTP 403").contains("role read");
        assertThat(json(ok("snapshots", "--json").out())).hasSize(2);

        cli.set("HOLDFAST_REST_PASSWORD", "guess");
        Cli.Result wrong = cli.run("snapshots");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(wrong.err()).contains("user reader: unknown user or wrong password");

        cli.set("HOLDFAST_REST_PASSWORD", "reader-pw").set("HOLDFAST_REST_FINGERPRINT", null);
        Cli.Result unpinned = cli.run("snapshots");
        assertThat(unpinned.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(unpinned.err()).contains("is not trusted").contains("-o rest.fingerprint=" + started[1]);
        assertThat(ok("snapshots", "-o", "rest.fingerprint=" + started[1]).out()).contains("2 snapshots");
    }

    @Test
    void serveExplainsWhatIsMissing() {
        Cli.Result noUsers = cli.run("serve", "-r", work.resolve("served").toString(), "--listen", "127.0.0.1:0");
        assertThat(noUsers.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(noUsers.err()).contains("no users file").contains("--add-user NAME --role append");
        Cli.Result badRole = cli.set("HOLDFAST_NEW_PASSWORD", "x").run("serve", "--add-user", "bob", "--role", "owner");
        assertThat(badRole.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badRole.err()).contains("unknown role 'owner'");
        Cli.Result badListen = cli.run("serve", "-r", "x", "--listen", "localhost");
        assertThat(badListen.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badListen.err()).contains("expected [HOST]:PORT");
        Cli.Result unknownHost = cli.run("serve", "-r", "x", "--listen", "no-such-host.invalid:8443");
        assertThat(unknownHost.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownHost.err()).contains("unknown host no-such-host.invalid");
        ok("serve", "--add-user", "bob", "--role", "read");
        assertThat(ok("serve", "--list-users").out()).isEqualTo("bob read\n");
        ok("serve", "--remove-user", "bob");
        assertThat(ok("serve", "--list-users").out()).isEmpty();
    }

    private void addUser(String name, String role) {
        cli.set("HOLDFAST_NEW_PASSWORD", name + "-pw");
        assertThat(ok("serve", "--add-user", name, "--role", role).out()).contains("added user " + name + " (" + role + ")");
        cli.set("HOLDFAST_NEW_PASSWORD", null);
    }

    /** The id of the key that is not the one in use. */
    private String otherKeyId() {
        return ok("key", "list").out().lines().skip(1).filter(l -> !l.startsWith("*")).findFirst().orElseThrow()
                .strip().split("\\s+")[0];
    }

    /** Starts the server process; returns its port and certificate fingerprint. */
    private String[] startServer(Path repo) throws Exception {
        server = cli.spawn("serve", "-r", repo.toString(), "--listen", "127.0.0.1:0");
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (serverErr) {
                        serverErr.append(l).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        CompletableFuture<String[]> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            Pattern listening = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+)/");
            Pattern cert = Pattern.compile("TLS certificate (SHA256:[0-9a-f]{64})");
            String fingerprint = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    Matcher c = cert.matcher(l), m = listening.matcher(l);
                    if (c.find()) fingerprint = c.group(1);
                    if (m.find()) ready.complete(new String[] {m.group(1), fingerprint});
                }
                ready.completeExceptionally(new AssertionError("holdfast serve ended: " + serverErr));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        return ready.get(60, TimeUnit.SECONDS);
    }

    /** Every file under dir with its size, relative to dir. */
    private static Set<String> files(Path dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (var w = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) w.filter(Files::isRegularFile)::iterator) out.add(dir.relativize(p) + " " + Files.size(p));
        }
        return out;
    }
}
