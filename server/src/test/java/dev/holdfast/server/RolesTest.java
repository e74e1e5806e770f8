package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.rest.RestStorage;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What each role may do, and how the server refuses unknown users and wrong passwords. */
class RolesTest extends RunningServer {

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendUserCreatesButNeverReplacesOrDeletes() throws Exception {
        try (Storage s = server.open("append")) {
            assertThat(((RestStorage) s).role()).isEqualTo("append");
            assertThat(s.deletionsRefused()).contains("append role");
            s.put("data/ab/pack1", bytes("original"));
            assertThatThrownBy(() -> s.put("data/ab/pack1", bytes("ransomware")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 403").hasMessageContaining("role append").hasMessageContaining("data/ab/pack1");
            assertThatThrownBy(() -> s.delete("data/ab/pack1"))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 403").hasMessageContaining("may not delete");
            s.put("data/ab/pack1", bytes("original")); // the same bytes again (a retried upload) change nothing
            assertThat(s.get("data/ab/pack1")).isEqualTo(bytes("original"));
            assertThat(s.list("")).containsExactly(new BlobInfo("data/ab/pack1", 8));
        }
        assertThat(server.repo.get("data/ab/pack1")).isEqualTo(bytes("original"));
        assertThat(server.repo.list("")).containsExactly(new BlobInfo("data/ab/pack1", 8));
    }

    @Test
    void appendUserCannotReplaceWithSameSizeDifferentContent() throws Exception {
        try (Storage s = server.open("append")) {
            s.put("config", bytes("aaaa"));
            assertThatThrownBy(() -> s.put("config", bytes("bbbb"))).hasMessageContaining("HTTP 403");
        }
        assertThat(server.repo.get("config")).isEqualTo(bytes("aaaa"));
    }

    @Test
    void appendUserUploadsOfOneNewNameRacingLeaveOneWinner() throws Exception {
        try (Storage a = server.open("append"); Storage b = server.open("append")) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    String name = "snapshots/s" + round;
                    List<Callable<Boolean>> puts = new ArrayList<>();
                    for (Storage s : List.of(a, b)) {
                        byte[] data = bytes(s == a ? "from a " + round : "from b " + round);
                        puts.add(() -> {
                            try {
                                s.put(name, data);
                                return true;
                            } catch (IOException e) {
                                assertThat(e).hasMessageContaining("HTTP 403");
                                return false;
                            }
                        });
                    }
                    List<Future<Boolean>> done = pool.invokeAll(puts);
                    boolean aWon = done.get(0).get(), bWon = done.get(1).get();
                    assertThat(aWon ^ bWon).as("exactly one upload of %s succeeds", name).isTrue();
                    assertThat(server.repo.get(name)).isEqualTo(bytes((aWon ? "from a " : "from b ") + round));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void readUserReadsButCannotWrite() throws Exception {
        server.repo.put("index/i1", bytes("index"));
        try (Storage s = server.open("read")) {
            assertThat(s.deletionsRefused()).contains("read role");
            assertThat(s.get("index/i1")).isEqualTo(bytes("index"));
            assertThat(s.getRange("index/i1", 1, 3)).isEqualTo(bytes("nde"));
            assertThat(s.stat("index/i1")).contains(new BlobInfo("index/i1", 5));
            assertThat(s.list("index/")).containsExactly(new BlobInfo("index/i1", 5));
            assertThatThrownBy(() -> s.put("index/i2", new byte[100_000]))
                    .hasMessageContaining("HTTP 403").hasMessageContaining("role read");
            assertThatThrownBy(() -> s.put("index/i1", bytes("index")))
                    .hasMessageContaining("HTTP 403").hasMessageContaining("role read");
            assertThatThrownBy(() -> s.delete("index/i1")).hasMessageContaining("HTTP 403");
        }
        assertThat(server.repo.list("")).containsExactly(new BlobInfo("index/i1", 5));
    }

    @Test
    void adminReplacesAndDeletes() throws Exception {
        try (Storage s = server.open("admin")) {
            assertThat(s.deletionsRefused()).isNull();
            s.put("keys/k1", bytes("one"));
            s.put("keys/k1", bytes("two"));
            assertThat(server.repo.get("keys/k1")).isEqualTo(bytes("two"));
            s.delete("keys/k1");
        }
        assertThat(server.repo.list("")).isEmpty();
    }

    @Test
    void wrongPasswordIsRefusedWhenOpening() {
        assertThatThrownBy(() -> server.open("append", "guess", pin()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(server.location("append"))
                .hasMessageContaining("user append: unknown user or wrong password").hasMessageContaining("HTTP 401");
    }

    @Test
    void unknownUserIsRefusedWhenOpening() {
        assertThatThrownBy(() -> server.open("mallory", "mallory-pw", pin()))
                .hasMessageContaining("user mallory: unknown user or wrong password");
    }

    @Test
    void missingUserOrPasswordIsAClearError() {
        assertThatThrownBy(() -> server.open(null, null, pin()))
                .hasMessageContaining("without a user name").hasMessageContaining("rest:https://USER@host:port/");
        assertThatThrownBy(() -> server.open("admin", null, pin()))
                .hasMessageContaining("no password for user admin").hasMessageContaining("HOLDFAST_REST_PASSWORD");
    }

    @Test
    void passwordComesFromAFileToo() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "read-pw\n");
        try (Storage s = server.open("read", null, Map.of("rest.fingerprint", server.certificate.fingerprint(),
                "rest.password-file", file.toString()))) {
            assertThat(s.list("")).isEmpty();
        }
    }

    @Test
    void usersAddedAndRemovedWhileRunningTakeEffect() throws Exception {
        Path users = dir.resolve("users");
        UsersFile.put(users, new UsersFile.User("late", Role.READ, PasswordHash.create("late-pw", TestServer.LOG_N)));
        try (Storage s = eventually(() -> server.open("late"))) {
            assertThat(s.list("")).isEmpty();
            UsersFile.remove(users, "late");
            eventually(() -> {
                assertThatThrownBy(() -> s.list("")).hasMessageContaining("HTTP 401");
                return null;
            });
        }
    }

    private Map<String, String> pin() {
        return Map.of("rest.fingerprint", server.certificate.fingerprint());
    }

    /** Retries for up to 5 s: the server looks at the users file once a second. */
    private static <T> T eventually(Callable<T> c) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                return c.call();
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }
}
