package dev.holdfast.posix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StatTest {
    @TempDir Path dir;

    @AfterEach
    void restoreStatx() {
        Stats.useStatx(true);
    }

    @Test
    void regularFile() throws Exception {
        Path f = dir.resolve("f");
        Files.write(f, new byte[1234]);
        byte[] p = Bytes.of(f);
        Posix.chmod(p, 0640);
        Stat st = Posix.lstat(p);
        assertThat(st.isRegular()).isTrue();
        assertThat(st.permissions()).isEqualTo(0640);
        assertThat(st.mode()).isEqualTo(Stat.S_IFREG | 0640);
        assertThat(st.size()).isEqualTo(1234);
        assertThat(st.nlink()).isEqualTo(1);
        assertThat(st.ino()).isEqualTo(Files.getAttribute(f, "unix:ino"));
        assertThat(st.dev()).isEqualTo(Files.getAttribute(f, "unix:dev"));
        assertThat(st.uid()).isEqualTo(Files.getAttribute(f, "unix:uid"));
        assertThat(st.gid()).isEqualTo(Files.getAttribute(f, "unix:gid"));
        assertThat(st.blocks()).isGreaterThanOrEqualTo(0);
        assertThat(st.isSparse()).isFalse();
        BasicFileAttributes attrs = Files.readAttributes(f, BasicFileAttributes.class);
        assertThat(st.mtimeNs() / 1000).isEqualTo(attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.MICROSECONDS));
    }

    @Test
    void directorySymlinkFifo() throws Exception {
        byte[] d = Bytes.join(dir, "d");
        Posix.mkdir(d, 0750);
        assertThat(Posix.lstat(d).isDirectory()).isTrue();
        assertThat(Posix.lstat(d).permissions()).isEqualTo(0750 & ~umask());

        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(Bytes.of("d"), l);
        Stat ls = Posix.lstat(l);
        assertThat(ls.isSymlink()).isTrue();
        assertThat(ls.size()).isEqualTo(1);

        byte[] fifo = Bytes.join(dir, "fifo");
        Posix.mknod(fifo, Stat.S_IFIFO | 0644, 0);
        Stat fs = Posix.lstat(fifo);
        assertThat(fs.type()).isEqualTo(Stat.S_IFIFO);
        assertThat(fs.rdev()).isZero();
    }

    @Test
    void charDeviceAsRoot() throws Exception {
        assumeTrue(Posix.geteuid() == 0, "needs root");
        byte[] dev = Bytes.join(dir, "null");
        long rdev = Posix.makedev(1, 3);
        assertThat(rdev).isEqualTo(259);
        try {
            Posix.mknod(dev, Stat.S_IFCHR | 0600, rdev);
        } catch (PosixException e) {
            assumeTrue(e.errno() != Errno.EPERM, "mknod of devices refused here");
            throw e;
        }
        Stat st = Posix.lstat(dev);
        assertThat(st.type()).isEqualTo(Stat.S_IFCHR);
        assertThat(st.rdev()).isEqualTo(rdev);
        assertThat(Posix.major(st.rdev())).isEqualTo(1);
        assertThat(Posix.minor(st.rdev())).isEqualTo(3);
    }

    @Test
    void bigDeviceNumbersRoundTrip() {
        long dev = Posix.makedev(0x12345, 0xabcdef);
        assertThat(Posix.major(dev)).isEqualTo(0x12345);
        assertThat(Posix.minor(dev)).isEqualTo(0xabcdef);
    }

    @Test
    void lchownChangesTheLinkNotTheTarget() throws Exception {
        assumeTrue(Posix.geteuid() == 0, "needs root");
        byte[] target = Bytes.join(dir, "t");
        Files.write(dir.resolve("t"), new byte[1]);
        byte[] link = Bytes.join(dir, "l");
        Posix.symlink(target, link);
        Posix.lchown(link, 1234, 5678);
        assertThat(Posix.lstat(link).uid()).isEqualTo(1234);
        assertThat(Posix.lstat(link).gid()).isEqualTo(5678);
        assertThat(Posix.lstat(target).uid()).isEqualTo(0);
        Posix.lchown(target, 42, -1);
        assertThat(Posix.lstat(target).uid()).isEqualTo(42);
        assertThat(Posix.lstat(target).gid()).isEqualTo(0);
    }

    @Test
    void nanosecondTimesRoundTrip() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        Posix.close(Posix.createWrite(f, 0600));
        long atime = 1_600_000_000_123_456_789L, mtime = 1_700_000_000_987_654_321L;
        Posix.utimens(f, atime, mtime);
        Stat st = Posix.lstat(f);
        assertThat(st.atimeNs()).isEqualTo(atime);
        assertThat(st.mtimeNs()).isEqualTo(mtime);
        assertThat(st.ctimeNs()).isPositive();

        long before1970 = -1_500_000_001L; // 1969-12-31T23:59:58.499999999Z
        Posix.utimens(f, before1970, before1970);
        assertThat(Posix.lstat(f).mtimeNs()).isEqualTo(before1970);
    }

    @Test
    void utimensDoesNotFollowSymlinks() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        Posix.close(Posix.createWrite(f, 0600));
        long original = Posix.lstat(f).mtimeNs();
        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(f, l);
        Posix.utimens(l, 1_000_000_000L, 2_000_000_000L);
        assertThat(Posix.lstat(l).mtimeNs()).isEqualTo(2_000_000_000L);
        assertThat(Posix.lstat(f).mtimeNs()).isEqualTo(original);
    }

    @Test
    void fstatMatchesLstat() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        int fd = Posix.createWrite(f, 0600);
        try {
            Posix.pwriteFully(fd, new byte[5000], 0, 5000, 0);
            assertThat(Posix.fstat(fd)).isEqualTo(Posix.lstat(f));
        } finally {
            Posix.close(fd);
        }
        assertThatThrownBy(() -> Posix.fstat(fd))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
    }

    @Test
    void fstatatFallbackDecodesTheSameFields() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        int fd = Posix.createWrite(f, 0600);
        Posix.pwriteFully(fd, new byte[70000], 0, 70000, 0);
        Posix.utimens(f, 1_600_000_000_123_456_789L, 1_700_000_000_987_654_321L);
        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(Bytes.of("f"), l);
        Stat viaStatx = Posix.lstat(f), linkViaStatx = Posix.lstat(l), fdViaStatx = Posix.fstat(fd);
        Stats.useStatx(false);
        try {
            assertThat(Posix.lstat(f)).isEqualTo(viaStatx);
            assertThat(Posix.lstat(l)).isEqualTo(linkViaStatx);
            assertThat(Posix.fstat(fd)).isEqualTo(fdViaStatx);
            assertThatThrownBy(() -> Posix.lstat(Bytes.join(dir, "missing")))
                    .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        } finally {
            Stats.useStatx(true);
            Posix.close(fd);
        }
    }

    @Test
    void chmodOfSymlinkIsRefusedAndTargetUntouched() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        Posix.close(Posix.createWrite(f, 0600));
        Posix.chmod(f, 0600);
        byte[] l = Bytes.join(dir, "l");
        Posix.symlink(f, l);
        assertThatThrownBy(() -> Posix.chmod(l, 0777))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        assertThat(Posix.lstat(f).permissions()).isEqualTo(0600);
        Posix.chmod(f, 04755);
        assertThat(Posix.lstat(f).permissions()).isEqualTo(04755);
    }

    private static int umask() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "umask").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Integer.parseInt(out, 8);
    }
}
