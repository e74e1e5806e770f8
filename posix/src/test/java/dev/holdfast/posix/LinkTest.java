package dev.holdfast.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkTest {
    @TempDir Path dir;

    @Test
    void symlinkAndReadlinkOfLongRawTarget() throws Exception {
        byte[] target = new byte[3000];
        for (int i = 0; i < target.length; i++) target[i] = (byte) (i % 200 == 199 ? '/' : 'a' + i % 26);
        target[10] = (byte) 0xff;
        target[11] = '\n';
        byte[] link = Bytes.join(dir, "l");
        Posix.symlink(target, link);
        assertThat(Posix.readlink(link)).isEqualTo(target);
        assertThat(Posix.lstat(link).size()).isEqualTo(target.length);

        byte[] shortLink = Bytes.join(dir, "s");
        Posix.symlink(Bytes.of("x"), shortLink);
        assertThat(Posix.readlink(shortLink)).isEqualTo(Bytes.of("x"));
    }

    @Test
    void readlinkErrors() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        Posix.close(Posix.createWrite(f, 0600));
        assertThatThrownBy(() -> Posix.readlink(f))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> Posix.readlink(Bytes.join(dir, "none")))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.symlink(Bytes.of("t"), f))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    }

    @Test
    void hardLinkSharesTheInode() throws Exception {
        byte[] a = Bytes.join(dir, "a");
        byte[] b = Bytes.join(dir, "b");
        Posix.close(Posix.createWrite(a, 0600));
        Posix.link(a, b);
        Stat sa = Posix.lstat(a), sb = Posix.lstat(b);
        assertThat(sa.nlink()).isEqualTo(2);
        assertThat(sb.ino()).isEqualTo(sa.ino());
        assertThat(sb.dev()).isEqualTo(sa.dev());
        assertThatThrownBy(() -> Posix.link(a, b))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.getMessage()).contains(" -> ");
                });
        assertThatThrownBy(() -> Posix.link(Bytes.join(dir, "none"), Bytes.join(dir, "c")))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void hardLinkToSymlinkLinksTheSymlinkItself() throws Exception {
        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(Bytes.of("nowhere"), l);
        byte[] l2 = Bytes.join(dir, "l2");
        Posix.link(l, l2);
        assertThat(Posix.lstat(l2).isSymlink()).isTrue();
        assertThat(Posix.lstat(l2).ino()).isEqualTo(Posix.lstat(l).ino());
    }

    @Test
    void mkdirAndMknodErrors() throws Exception {
        byte[] d = Bytes.join(dir, "d");
        Posix.mkdir(d, 0700);
        assertThatThrownBy(() -> Posix.mkdir(d, 0700))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> Posix.mkdir(Bytes.join(dir, "x/y"), 0700))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.mknod(d, Stat.S_IFIFO | 0600, 0))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> Posix.unlink(Bytes.join(dir, "none")))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.utimens(Bytes.join(dir, "none"), 0, 0))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.lchown(Bytes.join(dir, "none"), 0, 0))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> Posix.chmod(Bytes.join(dir, "none"), 0))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }
}
