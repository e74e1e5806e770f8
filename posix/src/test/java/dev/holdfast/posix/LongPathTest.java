package dev.holdfast.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path call works on paths longer than PATH_MAX, and names the whole path in errors. */
class LongPathTest {
    @TempDir
    Path dir;

    private static byte[] child(byte[] parent, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(parent, parent.length + 1 + n.length);
        out[parent.length] = '/';
        System.arraycopy(n, 0, out, parent.length + 1, n.length);
        return out;
    }

    /** A directory chain of 50 names of 200 bytes: about 10 KiB of path. */
    private byte[] deepDir() throws PosixException {
        byte[] p = dir.toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
            p = child(p, String.valueOf((char) ('a' + i % 26)).repeat(200));
            Posix.mkdir(p, 0755);
        }
        assertThat(p.length).isGreaterThan(2 * LongPaths.PATH_MAX);
        return p;
    }

    /** JUnit cannot delete a tree this deep (java.nio has the same limit), so the test does. */
    @org.junit.jupiter.api.AfterEach
    void removeDeepTree() throws PosixException {
        removeTree(dir.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private static void removeTree(byte[] path, boolean self) throws PosixException {
        for (byte[] name : Posix.listDir(path)) {
            byte[] p = child(path, new String(name, StandardCharsets.UTF_8));
            if (Posix.lstat(p).isDirectory()) removeTree(p, true);
            else Posix.unlink(p);
        }
        if (self) Posix.rmdir(path);
    }

    @Test
    void createStatReadListAndRemoveBelowPathMax() throws Exception {
        byte[] d = deepDir();
        byte[] f = child(d, "file");
        int fd = Posix.createWrite(f, 0640);
        Posix.pwriteFully(fd, new byte[] {7, 8, 9}, 0, 3, 0);
        Posix.close(fd);
        assertThat(Posix.lstat(f).size()).isEqualTo(3);
        assertThat(Posix.listDir(d)).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("file");
        int in = Posix.openRead(f);
        byte[] buf = new byte[3];
        assertThat(Posix.pread(in, buf, 0, 3, 0)).isEqualTo(3);
        Posix.close(in);
        assertThat(buf).containsExactly(7, 8, 9);

        Posix.chmod(f, 0600);
        Posix.utimens(f, 5_000_000_001L, 6_000_000_002L);
        if (Posix.geteuid() == 0) Posix.lchown(f, 4321, 8765);
        Stat st = Posix.lstat(f);
        assertThat(st.permissions()).isEqualTo(0600);
        assertThat(st.mtimeNs()).isEqualTo(6_000_000_002L);
        if (Posix.geteuid() == 0) assertThat(st.uid()).isEqualTo(4321);

        byte[] name = "user.k".getBytes(StandardCharsets.US_ASCII);
        Posix.setXattr(f, name, new byte[] {1});
        assertThat(Posix.getXattr(f, name)).containsExactly(1);
        assertThat(Posix.listXattrs(f)).anySatisfy(n -> assertThat(n).isEqualTo(name));

        byte[] link = child(d, "link");
        Posix.symlink("file".getBytes(StandardCharsets.US_ASCII), link);
        assertThat(Posix.readlink(link)).isEqualTo("file".getBytes(StandardCharsets.US_ASCII));
        byte[] hard = child(d, "hard");
        Posix.link(f, hard);
        assertThat(Posix.lstat(hard).ino()).isEqualTo(st.ino());
        byte[] fifo = child(d, "fifo");
        Posix.mknod(fifo, Stat.S_IFIFO | 0600, 0);
        assertThat(Posix.lstat(fifo).type()).isEqualTo(Stat.S_IFIFO);

        for (byte[] p : new byte[][] {f, link, hard, fifo}) Posix.unlink(p);
        assertThat(Posix.listDir(d)).isEmpty();
        Posix.rmdir(d);
    }

    @Test
    void errorsNameTheWholeLongPath() throws Exception {
        byte[] missing = child(deepDir(), "missing");
        assertThatThrownBy(() -> Posix.lstat(missing)).isInstanceOf(PosixException.class)
                .hasMessageContaining("ENOENT").hasMessageEndingWith("missing: ENOENT (No such file or directory)")
                .satisfies(e -> assertThat(((PosixException) e).errno()).isEqualTo(Errno.ENOENT));
    }
}
