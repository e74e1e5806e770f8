package dev.holdfast.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorsAndUsersTest {
    @TempDir Path dir;

    @Test
    void messageNamesCallPathAndErrno() {
        byte[] p = Bytes.join(Bytes.of(dir), new byte[] {'b', 'a', 'd', (byte) 0xff, '\n', 0x1b, 'x'});
        assertThatThrownBy(() -> Posix.lstat(p))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage()).isEqualTo(
                            "lstat " + dir + "/bad\\xff\\n\\x1bx: ENOENT (No such file or directory)");
                });
    }

    @Test
    void renderEscapesOnlyWhatIsNeeded() {
        assertThat(Posix.render(Bytes.of("/plain/ünï €𝄞"))).isEqualTo("/plain/ünï €𝄞");
        assertThat(Posix.render(new byte[] {'a', '\\', 'b'})).isEqualTo("a\\\\b");
        assertThat(Posix.render(new byte[] {'\t', 0x7f, '\r'})).isEqualTo("\\t\\x7f\\r");
        // truncated sequence, overlong, surrogate, beyond U+10FFFF, C1 control
        assertThat(Posix.render(new byte[] {(byte) 0xc3})).isEqualTo("\\xc3");
        assertThat(Posix.render(new byte[] {(byte) 0xc0, (byte) 0xaf})).isEqualTo("\\xc0\\xaf");
        assertThat(Posix.render(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isEqualTo("\\xed\\xa0\\x80");
        assertThat(Posix.render(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .isEqualTo("\\xf4\\x90\\x80\\x80");
        assertThat(Posix.render(new byte[] {(byte) 0xc2, (byte) 0x9b})).isEqualTo("\\xc2\\x9b");
        assertThat(Posix.render(new byte[] {(byte) 0xe2, (byte) 0x82, 'x'})).isEqualTo("\\xe2\\x82x");
    }

    @Test
    void errnoNamesMatchLibc() {
        assertThat(Errno.describe(Errno.ENOENT)).isEqualTo("ENOENT (No such file or directory)");
        assertThat(Errno.describe(Errno.ELOOP)).startsWith("ELOOP (");
        assertThat(Errors.name(9999)).isEqualTo("errno 9999");
        for (int e = 1; e <= 133; e++) {
            String libc = Errors.libcName(e);
            if (libc == null) return; // libc without strerrorname_np
            if (e == 41 || e == 58) continue; // unassigned on Linux
            assertThat(Errors.name(e)).as("errno %d", e).isEqualTo(libc);
        }
    }

    @Test
    void nulInPathIsRejected() {
        assertThatThrownBy(() -> Posix.mkdir(new byte[] {'/', 'a', 0}, 0700))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("/a\\x00");
                });
    }

    @Test
    void usersAndGroups() {
        assertThat(Posix.userName(0)).isEqualTo("root");
        assertThat(Posix.groupName(0)).isEqualTo("root");
        assertThat(Posix.uidOf("root")).hasValue(0);
        assertThat(Posix.gidOf("root")).hasValue(0);
        assertThat(Posix.userName(0)).isSameAs(Posix.userName(0));
        assertThat(Posix.userName(2_000_000_123)).isNull();
        assertThat(Posix.groupName(2_000_000_123)).isNull();
        assertThat(Posix.uidOf("no-such-user-holdfast")).isEmpty();
        assertThat(Posix.gidOf("no-such-group-holdfast")).isEmpty();
        assertThat(Posix.uidOf("bad\0name")).isEmpty();
        assertThat(Posix.geteuid()).isGreaterThanOrEqualTo(0);
        String me = Posix.userName(Posix.geteuid());
        if (me != null) assertThat(Posix.uidOf(me)).hasValue(Posix.geteuid());
    }
}
