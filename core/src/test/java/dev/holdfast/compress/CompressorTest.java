package dev.holdfast.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressorTest {
    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] text(int n) {
        byte[] line = "holdfast keeps every version of every file, once.\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = line[i % line.length];
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1000, Compressor.PROBE_MIN, Compressor.PROBE_MIN + 1, 1 << 20})
    void compressibleDataRoundTrips(int size) {
        byte[] data = text(size);
        byte[] packed = new Compressor(3).compress(data, 0, data.length);
        assertThat(packed).isNotNull();
        assertThat(packed.length).isLessThan(size >= 1000 ? size / 10 : size);
        assertThat(Compressor.decompress(packed, 0, packed.length, size)).isEqualTo(data);
    }

    @Test
    void compressesASliceAndDecompressesFromAnOffset() {
        byte[] buf = new byte[10_000];
        byte[] t = text(8_000);
        System.arraycopy(t, 0, buf, 1_000, t.length);
        byte[] packed = new Compressor(1).compress(buf, 1_000, 8_000);
        byte[] framed = new byte[packed.length + 7];
        System.arraycopy(packed, 0, framed, 3, packed.length);
        assertThat(Compressor.decompress(framed, 3, packed.length, 8_000)).isEqualTo(t);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 19})
    void everyValidLevelRoundTrips(int level) {
        Compressor c = new Compressor(level);
        assertThat(c.level()).isEqualTo(level);
        byte[] data = text(50_000);
        byte[] packed = c.compress(data, 0, data.length);
        assertThat(Compressor.decompress(packed, 0, packed.length, data.length)).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 60_000, Compressor.PROBE_MIN + 1, 1 << 20, 8 << 20})
    void randomDataIsStoredRaw(int size) {
        assertThat(new Compressor(3).compress(random(size, size), 0, size)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5000, 300_000, 777_777, (8 << 20) - Compressor.PROBE_STRIDE})
    void aCompressibleRegionOfOneStrideInRandomDataIsNeverMissed(int at) {
        int size = 8 << 20;
        byte[] data = random(size, at);
        System.arraycopy(text(Compressor.PROBE_STRIDE), 0, data, at, Compressor.PROBE_STRIDE);
        byte[] packed = new Compressor(3).compress(data, 0, size);
        assertThat(packed).isNotNull();
        assertThat(Compressor.decompress(packed, 0, packed.length, size)).isEqualTo(data);
    }

    @Test
    void theProbeSkipsRandomDataWithSmallCompressibleIslands() {
        // islands shorter than a slice, between the probed slices: the probe sees only random bytes
        int size = 1 << 20;
        byte[] data = random(size, 11);
        for (int at = Compressor.SLICE + 100; at + 1000 < size; at += Compressor.PROBE_STRIDE / 2) {
            System.arraycopy(text(1000), 0, data, at, 1000);
        }
        assertThat(new Compressor(3).compress(data, 0, size)).isNull();
    }

    @Test
    void theResultCallbackSeesTheFrameOrTheInput() {
        byte[] t = text(100_000);
        int n = new Compressor(3).compress(t, 0, t.length, (buf, off, len, compressed) -> {
            assertThat(compressed).isTrue();
            assertThat(Compressor.decompress(buf, off, len, t.length)).isEqualTo(t);
            return len;
        });
        assertThat(n).isLessThan(t.length / 10);
        byte[] r = random(100_000, 3);
        new Compressor(3).compress(r, 5, 90_000, (buf, off, len, compressed) -> {
            assertThat(compressed).isFalse();
            assertThat(buf).isSameAs(r);
            assertThat(off).isEqualTo(5);
            assertThat(len).isEqualTo(90_000);
            return null;
        });
    }

    @Test
    void randomDataIsRejectedQuickly() {
        byte[] data = random(64 << 20, 9);
        Compressor c = new Compressor(19); // level 19 over 64 MiB would take many seconds
        c.compress(data, 0, 1 << 20); // warm up
        long start = System.nanoTime();
        for (int i = 0; i < 64; i++) assertThat(c.compress(data, i << 20, 1 << 20)).isNull();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("64 probes of 16 KiB").isLessThan(2_000);
    }

    @Test
    void tinyInputIsNeverCompressed() {
        byte[] zeros = new byte[63];
        assertThat(new Compressor(3).compress(zeros, 0, 63)).isNull();
        assertThat(new Compressor(3).compress(new byte[64], 0, 64)).isNotNull();
        assertThat(new Compressor(3).compress(new byte[0], 0, 0)).isNull();
    }

    @Test
    void levelZeroDisablesCompression() {
        Compressor off = new Compressor(0);
        assertThat(off.level()).isZero();
        assertThat(off.compress(new byte[1 << 20], 0, 1 << 20)).isNull();
        assertThat(off.compress(text(5000), 0, 5000)).isNull();
    }

    @Test
    void invalidLevelsAreRejected() {
        for (int level : new int[] {-1, 20, 22, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> new Compressor(level)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(String.valueOf(level));
        }
    }

    @Test
    void decompressWithTooLargeALengthThrows() {
        byte[] data = text(10_000);
        byte[] packed = new Compressor(3).compress(data, 0, data.length);
        assertThatThrownBy(() -> Compressor.decompress(packed, 0, packed.length, 10_001))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("10000").hasMessageContaining("10001");
    }

    @Test
    void decompressWithTooSmallALengthThrows() {
        byte[] data = text(10_000);
        byte[] packed = new Compressor(3).compress(data, 0, data.length);
        assertThatThrownBy(() -> Compressor.decompress(packed, 0, packed.length, 9_999)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Compressor.decompress(packed, 0, packed.length, 0)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void decompressOfGarbageOrATruncatedFrameThrows() {
        byte[] data = text(10_000);
        byte[] packed = new Compressor(3).compress(data, 0, data.length);
        assertThatThrownBy(() -> Compressor.decompress(random(100, 1), 0, 100, 10_000)).isInstanceOf(RuntimeException.class);
        byte[] cut = Arrays.copyOf(packed, packed.length - 1);
        assertThatThrownBy(() -> Compressor.decompress(cut, 0, cut.length, 10_000)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void usableFromManyThreads() throws Exception {
        Compressor c = new Compressor(3);
        Thread[] threads = new Thread[4];
        boolean[] ok = new boolean[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                boolean good = true;
                for (int i = 0; i < 50; i++) {
                    byte[] data = text(1000 + id * 100 + i);
                    byte[] p = c.compress(data, 0, data.length);
                    good &= Arrays.equals(Compressor.decompress(p, 0, p.length, data.length), data);
                }
                ok[id] = good;
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertThat(ok).containsOnly(true);
    }
}
