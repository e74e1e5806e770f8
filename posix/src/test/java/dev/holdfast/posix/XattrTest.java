package dev.holdfast.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class XattrTest {
    @TempDir Path dir;

    private byte[] file(String name) throws PosixException {
        byte[] f = Bytes.join(dir, name);
        Posix.close(Posix.createWrite(f, 0644));
        return f;
    }

    @Test
    void userAttributes() throws Exception {
        byte[] f = file("f");
        assertThat(Posix.listXattrs(f).stream().map(Bytes::str).filter(n -> n.startsWith("user."))).isEmpty();
        byte[] binary = new byte[] {0, (byte) 0xff, 1, 0, 2};
        Posix.setXattr(f, Bytes.of("user.one"), binary);
        Posix.setXattr(f, Bytes.of("user.empty"), new byte[0]);
        byte[] big = new byte[3000];
        java.util.Arrays.fill(big, (byte) 'v');
        Posix.setXattr(f, Bytes.of("user.big"), big);

        assertThat(Posix.getXattr(f, Bytes.of("user.one"))).isEqualTo(binary);
        assertThat(Posix.getXattr(f, Bytes.of("user.empty"))).isEmpty();
        assertThat(Posix.getXattr(f, Bytes.of("user.big"))).isEqualTo(big);
        assertThat(Posix.getXattr(f, Bytes.of("user.missing"))).isNull();
        List<String> names = Posix.listXattrs(f).stream().map(Bytes::str).filter(n -> n.startsWith("user.")).toList();
        assertThat(names).containsExactlyInAnyOrder("user.one", "user.empty", "user.big");

        Posix.setXattr(f, Bytes.of("user.one"), Bytes.of("replaced"));
        assertThat(Posix.getXattr(f, Bytes.of("user.one"))).isEqualTo(Bytes.of("replaced"));
    }

    @Test
    void errors() throws Exception {
        byte[] missing = Bytes.join(dir, "missing");
        assertThatThrownBy(() -> Posix.listXattrs(missing))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.getXattr(missing, Bytes.of("user.a")))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.setXattr(missing, Bytes.of("user.a"), new byte[1]))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage()).endsWith("missing [user.a]: ENOENT (No such file or directory)");
                });
        byte[] f = file("f");
        assertThatThrownBy(() -> Posix.setXattr(f, Bytes.of("nonamespace"), new byte[1]))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    @Test
    void symlinkAttributesAreNotFollowed() throws Exception {
        byte[] f = file("f");
        Posix.setXattr(f, Bytes.of("user.x"), new byte[] {1});
        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(f, l);
        assertThat(Posix.getXattr(l, Bytes.of("user.x"))).isNull();
        assertThat(Posix.listXattrs(l).stream().map(Bytes::str)).doesNotContain("user.x");
    }

    @Test
    void posixAclRoundTrip() throws Exception {
        assumeTrue(hasSetfacl(), "setfacl not installed");
        byte[] src = file("src");
        Process p = new ProcessBuilder("setfacl", "-m", "u:12345:r,g:4321:rw", Bytes.str(src))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "filesystem refuses ACLs: " + out);
        byte[] name = Bytes.of("system.posix_acl_access");
        byte[] acl = Posix.getXattr(src, name);
        assertThat(acl).isNotNull();
        assertThat(Posix.listXattrs(src).stream().map(Bytes::str)).contains("system.posix_acl_access");

        byte[] dst = file("dst");
        assertThat(Posix.getXattr(dst, name)).isNull();
        Posix.setXattr(dst, name, acl);
        assertThat(Posix.getXattr(dst, name)).isEqualTo(acl);
        Process g = new ProcessBuilder("getfacl", "-n", "-p", Bytes.str(dst)).redirectErrorStream(true).start();
        String text = new String(g.getInputStream().readAllBytes());
        g.waitFor();
        assertThat(text).contains("user:12345:r--").contains("group:4321:rw-");
    }

    private static boolean hasSetfacl() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (new java.io.File(d, "setfacl").canExecute()) return true;
        }
        return false;
    }
}
