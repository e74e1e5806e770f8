package dev.holdfast.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IoTest {
    @TempDir Path dir;

    @Test
    void writeReadTruncateSync() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        int fd = Posix.createWrite(f, 0644);
        try {
            Posix.pwriteFully(fd, data, 0, 60_000, 0);
            Posix.pwriteFully(fd, data, 60_000, 40_000, 60_000);
            Posix.fsync(fd);
            Posix.ftruncate(fd, 90_000);
            Posix.fsync(fd);
        } finally {
            Posix.close(fd);
        }
        assertThat(Posix.lstat(f).size()).isEqualTo(90_000);
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(java.util.Arrays.copyOf(data, 90_000));

        fd = Posix.openRead(f);
        try {
            byte[] buf = new byte[100_000];
            int total = 0, n;
            while ((n = Posix.read(fd, buf, total, Math.min(7000, buf.length - total))) > 0) total += n;
            assertThat(total).isEqualTo(90_000);
            assertThat(java.util.Arrays.copyOf(buf, total)).isEqualTo(java.util.Arrays.copyOf(data, 90_000));

            byte[] part = new byte[20];
            assertThat(Posix.pread(fd, part, 5, 10, 12_345)).isEqualTo(10);
            assertThat(java.util.Arrays.copyOfRange(part, 5, 15)).isEqualTo(java.util.Arrays.copyOfRange(data, 12_345, 12_355));
            assertThat(Posix.pread(fd, part, 0, 20, 89_990)).isEqualTo(10);
            assertThat(Posix.pread(fd, part, 0, 20, 90_000)).isZero();
            assertThat(Posix.read(fd, part, 0, 0)).isZero();
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void bigWritesAndReadsAreSplit() throws Exception {
        byte[] f = Bytes.join(dir, "big");
        byte[] data = new byte[10 << 20];
        new Random(2).nextBytes(data);
        int fd = Posix.createWrite(f, 0600);
        Posix.pwriteFully(fd, data, 0, data.length, 0);
        Posix.close(fd);
        assertThat(Files.readAllBytes(dir.resolve("big"))).isEqualTo(data);
        fd = Posix.openRead(f);
        byte[] back = new byte[data.length];
        int total = 0;
        while (total < back.length) {
            int n = Posix.pread(fd, back, total, back.length - total, total);
            assertThat(n).isPositive();
            total += n;
        }
        Posix.close(fd);
        assertThat(back).isEqualTo(data);
    }

    @Test
    void sparseFileHolesAndData() throws Exception {
        byte[] f = Bytes.join(dir, "sparse");
        long mib = 1 << 20;
        int fd = Posix.createWrite(f, 0600);
        try {
            byte[] block = new byte[64 << 10];
            java.util.Arrays.fill(block, (byte) 7);
            Posix.pwriteFully(fd, block, 0, block.length, 10 * mib);
            Posix.ftruncate(fd, 20 * mib);
            Posix.fsync(fd);
            Stat st = Posix.fstat(fd);
            assertThat(st.size()).isEqualTo(20 * mib);
            assertThat(st.isSparse()).isTrue();
            assertThat(st.blocks() * 512).isLessThan(mib);

            long data = Posix.seekData(fd, 0);
            assertThat(data).isBetween(0L, 10 * mib); // filesystems may round to their block size
            assertThat(data).isGreaterThan(0);
            long hole = Posix.seekHole(fd, data);
            assertThat(hole).isGreaterThanOrEqualTo(10 * mib + block.length).isLessThan(20 * mib);
            assertThat(Posix.seekData(fd, hole)).isEqualTo(-1);
            assertThat(Posix.seekHole(fd, 0)).isZero();
            assertThat(Posix.seekHole(fd, hole)).isEqualTo(hole);
            assertThatThrownBy(() -> Posix.seekHole(fd, 30 * mib))
                    .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENXIO));
        } finally {
            Posix.close(fd);
        }
        int rfd = Posix.openRead(f);
        byte[] buf = new byte[16];
        assertThat(Posix.pread(rfd, buf, 0, 16, 5 * mib)).isEqualTo(16);
        assertThat(buf).containsOnly(0);
        assertThat(Posix.pread(rfd, buf, 0, 16, 10 * mib)).isEqualTo(16);
        assertThat(buf).containsOnly(7);
        Posix.close(rfd);
    }

    @Test
    void openErrors() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        Posix.close(Posix.createWrite(f, 0600));
        assertThatThrownBy(() -> Posix.createWrite(f, 0600))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> Posix.openRead(Bytes.join(dir, "missing")))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        byte[] link = Bytes.join(dir, "link");
        Posix.symlink(f, link);
        assertThatThrownBy(() -> Posix.openRead(link))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
        assertThatThrownBy(() -> Posix.createWrite(link, 0600))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThatThrownBy(() -> Posix.openRead(Bytes.join(f, Bytes.of("below"))))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
        assertThatThrownBy(() -> Posix.openRead(new byte[] {'/', 't', 0, 'x'}))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void descriptorErrors() throws Exception {
        byte[] f = Bytes.join(dir, "f");
        int fd = Posix.createWrite(f, 0600);
        Posix.close(fd);
        byte[] buf = new byte[8];
        assertThatThrownBy(() -> Posix.read(fd, buf, 0, 8))
                .isInstanceOfSatisfying(PosixException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EBADF);
                    assertThat(e.getMessage()).isEqualTo("read fd " + fd + ": EBADF (Bad file descriptor)");
                });
        assertThatThrownBy(() -> Posix.close(fd))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        int rfd = Posix.openRead(f);
        try {
            assertThatThrownBy(() -> Posix.pwriteFully(rfd, buf, 0, 8, 0))
                    .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
            assertThatThrownBy(() -> Posix.read(rfd, buf, 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            Posix.close(rfd);
        }
    }

    @Test
    void concurrentReadsUseSeparateBuffers() throws Exception {
        int files = 8;
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            byte[] data = new byte[300_000 + i * 1000];
            new Random(i).nextBytes(data);
            contents.add(data);
            Files.write(dir.resolve("f" + i), data);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 64; round++) {
                int i = round % files;
                results.add(pool.submit(() -> {
                    byte[] expected = contents.get(i);
                    byte[] path = Bytes.join(dir, "f" + i);
                    for (int k = 0; k < 5; k++) {
                        assertThat(Posix.lstat(path).size()).isEqualTo(expected.length);
                        int fd = Posix.openRead(path);
                        byte[] buf = new byte[expected.length];
                        int total = 0, n;
                        while ((n = Posix.pread(fd, buf, total, Math.min(65536, buf.length - total), total)) > 0) total += n;
                        Posix.close(fd);
                        if (!java.util.Arrays.equals(buf, expected)) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
