package dev.holdfast.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdMetadataTest {
    @TempDir
    Path dir;

    private byte[] path(String name) {
        return dir.resolve(name).toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void modeTimesAndOwnerThroughAnOpenDescriptor() throws Exception {
        byte[] p = path("f");
        int fd = Posix.createWrite(p, 0600);
        try {
            Posix.pwriteFully(fd, new byte[] {1, 2, 3}, 0, 3, 0);
            if (Posix.geteuid() == 0) Posix.fchown(fd, 1234, 5678, p); // before fchmod: chown clears set-id bits
            Posix.fchmod(fd, 04751, p);
            Posix.futimens(fd, 1_000_000_123L, -2_000_000_456L, p);
        } finally {
            Posix.close(fd);
        }
        Stat st = Posix.lstat(p);
        assertThat(st.permissions()).isEqualTo(04751);
        assertThat(st.atimeNs()).isEqualTo(1_000_000_123L);
        assertThat(st.mtimeNs()).isEqualTo(-2_000_000_456L);
        if (Posix.geteuid() == 0) {
            assertThat(st.uid()).isEqualTo(1234);
            assertThat(st.gid()).isEqualTo(5678);
        }
    }

    @Test
    void aClosedDescriptorIsEbadfNamingThePath() throws Exception {
        byte[] p = path("g");
        int fd = Posix.createWrite(p, 0600);
        Posix.close(fd);
        assertThatThrownBy(() -> Posix.fchmod(fd, 0644, p)).isInstanceOf(PosixException.class)
                .hasMessageContaining("fchmod").hasMessageContaining("/g").hasMessageContaining("EBADF");
        assertThatThrownBy(() -> Posix.futimens(fd, 0, 0, p)).isInstanceOf(PosixException.class).hasMessageContaining("EBADF");
    }
}
