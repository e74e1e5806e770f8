package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
    @TempDir
    Path dir;

    @Test
    void passwordHashesVerifyAndAreSalted() {
        String h = PasswordHash.create("correct horse", 10);
        assertThat(h).startsWith("$scrypt$ln=10,r=8,p=1$").doesNotContain("correct");
        assertThat(PasswordHash.matches("correct horse", h)).isTrue();
        assertThat(PasswordHash.matches("correct horsf", h)).isFalse();
        assertThat(PasswordHash.create("correct horse", 10)).isNotEqualTo(h);
        assertThat(PasswordHash.isValid("$scrypt$ln=10,r=8,p=1$short$short")).isFalse();
    }

    @Test
    void usersAreAddedChangedAndRemovedKeepingOtherLines() throws Exception {
        Path file = dir.resolve("conf/users");
        assertThat(UsersFile.put(file, user("alice", Role.APPEND, "a"))).isFalse();
        Files.writeString(file, "# backup clients\n" + Files.readString(file));
        assertThat(UsersFile.put(file, user("bob", Role.READ, "b"))).isFalse();
        assertThat(UsersFile.put(file, user("alice", Role.ADMIN, "a2"))).isTrue();
        assertThat(UsersFile.read(file)).containsOnlyKeys("alice", "bob");
        assertThat(UsersFile.read(file).get("alice").role()).isEqualTo(Role.ADMIN);
        assertThat(PasswordHash.matches("a2", UsersFile.read(file).get("alice").hash())).isTrue();
        assertThat(Files.readString(file)).startsWith("# backup clients\nalice:admin:");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(UsersFile.remove(file, "alice")).isTrue();
        assertThat(UsersFile.remove(file, "alice")).isFalse();
        assertThat(UsersFile.read(file)).containsOnlyKeys("bob");
    }

    @Test
    void malformedFilesAreRefusedWithTheLine() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "\n# comment\nalice:owner:" + PasswordHash.create("x", 4) + "\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("line 3").hasMessageContaining("NAME:ROLE:HASH");
        Files.writeString(file, "alice:read:plaintext\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("line 1");
        String h = PasswordHash.create("x", 4);
        Files.writeString(file, "alice:read:" + h + "\nalice:admin:" + h + "\n");
        assertThatThrownBy(() -> UsersFile.read(file)).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> UsersFile.checkName("a:b")).hasMessageContaining("invalid user name");
    }

    @Test
    void authenticatorChecksBasicCredentials() throws Exception {
        Path file = dir.resolve("users");
        UsersFile.put(file, user("alice", Role.APPEND, "pw:with:colons"));
        Authenticator auth = new Authenticator(file, line -> {});
        assertThat(auth.authenticate(basic("alice", "pw:with:colons"))).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Role.APPEND));
        assertThat(auth.authenticate(basic("alice", "pw:with:colons"))).isPresent(); // from the cache
        assertThat(auth.authenticate(basic("alice", "pw"))).isEmpty();
        assertThat(auth.authenticate(basic("bob", "pw:with:colons"))).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Basic !!!")).isEmpty();
        assertThat(auth.authenticate("Bearer x")).isEmpty();
    }

    @Test
    void authenticatorRefusesToStartWithoutUsers() throws Exception {
        assertThatThrownBy(() -> new Authenticator(dir.resolve("users"), line -> {})).hasMessageContaining("--add-user");
        Files.writeString(dir.resolve("users"), "# nobody yet\n");
        assertThatThrownBy(() -> new Authenticator(dir.resolve("users"), line -> {})).hasMessageContaining("names no user");
    }

    private static UsersFile.User user(String name, Role role, String password) {
        return new UsersFile.User(name, role, PasswordHash.create(password, 4));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
