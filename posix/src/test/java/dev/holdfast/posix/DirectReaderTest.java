package dev.holdfast.posix;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DirectReaderTest {
    @TempDir Path dir;

    /** A file of random bytes, written to disk and dropped from the page cache, as a backup mostly meets them. */
    private byte[] file(String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(dir.resolve(name), data);
        int fd = Posix.openRead(Bytes.join(dir, name));
        try {
            Posix.fsync(fd);
            Io.dropCache(fd);
        } finally {
            Posix.close(fd);
        }
        return data;
    }

    /**
     * Whether the test directory's file system reads with O_DIRECT a file dropped from the page
     * cache (ext4 does; tmpfs refuses O_DIRECT before Linux 6.6 and keeps every page cached after).
     */
    private boolean readsDirect() throws IOException {
        file("probe", 10_000, 0);
        try (DirectReader r = DirectReader.open(Bytes.join(dir, "probe"))) {
            r.stat();
            readAll(r, 4096);
            return r.direct();
        }
    }

    /** Reads the whole file front to back in pieces of the given length, as a backup does. */
    private static byte[] readAll(DirectReader r, int piece) throws IOException {
        byte[] out = new byte[0];
        byte[] buf = new byte[piece];
        long pos = 0;
        int n;
        while ((n = r.pread(buf, 0, piece, pos)) > 0) {
            out = Arrays.copyOf(out, out.length + n);
            System.arraycopy(buf, 0, out, out.length - n, n);
            pos += n;
        }
        return out;
    }

    @Test
    void sizesAroundTheAlignmentReadBackExactly() throws IOException {
        boolean direct = readsDirect();
        int[] sizes = {0, 1, 100, 4095, 4096, 4097, 8192, 65_537, 256 << 10, (256 << 10) + 1, (1 << 20) + 123};
        for (int size : sizes) {
            byte[] data = file("f" + size, size, size);
            for (int piece : new int[] {1000, 4096, 256 << 10, 1 << 20}) {
                try (DirectReader r = DirectReader.open(Bytes.join(dir, "f" + size))) {
                    assertThat(r.stat().size()).isEqualTo(size);
                    assertThat(readAll(r, piece)).as("size %d, pieces of %d", size, piece).isEqualTo(data);
                    if (size > 0) assertThat(r.direct()).isEqualTo(direct);
                }
            }
        }
    }

    @Test
    void readsAtAnyPositionAndWithoutStat() throws IOException {
        byte[] data = file("r", 700_001, 7);
        Random rnd = new Random(8);
        try (DirectReader r = DirectReader.open(Bytes.join(dir, "r"))) {
            for (int i = 0; i < 300; i++) {
                int pos = rnd.nextInt(data.length + 10);
                int len = 1 + rnd.nextInt(300_000);
                byte[] buf = new byte[len + 3];
                int n = r.pread(buf, 3, len, pos);
                int expect = Math.max(0, Math.min(len, data.length - pos));
                assertThat(n).isBetween(Math.min(expect, 1), expect);
                assertThat(Arrays.copyOfRange(buf, 3, 3 + n)).isEqualTo(Arrays.copyOfRange(data, Math.min(pos, data.length), Math.min(pos, data.length) + n));
            }
        }
    }

    @Test
    void twoFilesReadInTurnOnOneThreadDoNotMix() throws IOException {
        byte[] a = file("a", 300_000, 1);
        byte[] b = file("b", 300_000, 2);
        try (DirectReader ra = DirectReader.open(Bytes.join(dir, "a")); DirectReader rb = DirectReader.open(Bytes.join(dir, "b"))) {
            byte[] buf = new byte[10_000];
            for (int pos = 0; pos < a.length; pos += 10_000) {
                int n = ra.pread(buf, 0, buf.length, pos);
                assertThat(Arrays.copyOf(buf, n)).isEqualTo(Arrays.copyOfRange(a, pos, pos + n));
                n = rb.pread(buf, 0, buf.length, pos);
                assertThat(Arrays.copyOf(buf, n)).isEqualTo(Arrays.copyOfRange(b, pos, pos + n));
            }
        }
    }

    @Test
    void aFileThatGrowsAfterStatIsReadToItsNewEnd() throws IOException {
        byte[] data = file("g", 5000, 3);
        try (DirectReader r = DirectReader.open(Bytes.join(dir, "g"))) {
            assertThat(r.stat().size()).isEqualTo(5000);
            byte[] more = new byte[200_000];
            new Random(4).nextBytes(more);
            Files.write(dir.resolve("g"), more, StandardOpenOption.APPEND);
            byte[] all = Arrays.copyOf(data, data.length + more.length);
            System.arraycopy(more, 0, all, data.length, more.length);
            assertThat(readAll(r, 256 << 10)).isEqualTo(all);
        }
    }

    @Test
    void aFileSystemWithoutODirectIsReadThroughThePageCache() throws IOException {
        // procfs refuses O_DIRECT at open
        try (DirectReader r = DirectReader.open(Bytes.of("/proc/self/status"))) {
            assertThat(r.direct()).isFalse();
            assertThat(new String(readAll(r, 100))).contains("Pid:");
        }
        Assumptions.assumeTrue(readsDirect(), "the test directory's file system does not read with O_DIRECT");
        file("x", 10, 5);
        try (DirectReader r = DirectReader.open(Bytes.join(dir, "x"))) {
            assertThat(r.direct()).isTrue();
        }
    }

    @Test
    void aFileMostlyInThePageCacheIsReadFromIt() throws IOException {
        Assumptions.assumeTrue(readsDirect(), "the test directory's file system does not read with O_DIRECT");
        byte[] data = file("c", 100_000, 9);
        int fd = Posix.openRead(Bytes.join(dir, "c"));
        try {
            Assumptions.assumeTrue(Io.cachedPages(fd) >= 0, "the kernel has no cachestat (Linux 6.5+)");
            assertThat(Io.cachedPages(fd)).isZero();
        } finally {
            Posix.close(fd);
        }
        Files.readAllBytes(dir.resolve("c")); // now cached
        try (DirectReader r = DirectReader.open(Bytes.join(dir, "c"))) {
            r.stat();
            assertThat(readAll(r, 4096)).isEqualTo(data);
            assertThat(r.direct()).isFalse();
        }
    }

    @Test
    void clearingODirectAllowsUnalignedReads() throws IOException {
        byte[] data = file("u", 10_000, 6);
        int fd = Io.openReadDirect(Consts.AT_FDCWD, Bytes.join(dir, "u"));
        try {
            var seg = java.lang.foreign.Arena.ofAuto().allocate(100, 1);
            long before = Io.preadNative(fd, seg, 3); // unaligned: EINVAL on file systems that check
            assertThat(before == 100 || before == -Errno.EINVAL).isTrue();
            Io.clearDirect(fd);
            assertThat(Io.preadNative(fd, seg, 3)).isEqualTo(100);
            assertThat(seg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(Arrays.copyOfRange(data, 3, 103));
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void missingFilesAreReportedAsOpenFailures() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DirectReader.open(Bytes.join(dir, "none")))
                .isInstanceOf(PosixException.class).hasMessageContaining("ENOENT");
    }
}
