package dev.holdfast.engine.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.MemoryStorage;
import java.io.EOFException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackScanTest {
    private final MemoryStorage storage = new MemoryStorage();

    private byte[] pack(String name, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        storage.put(name, b);
        return b;
    }

    private static byte[] slice(PackScan scan, long off, int len) throws Exception {
        byte[] w = scan.at(off, len);
        return w == null ? null : Arrays.copyOfRange(w, scan.index(off), scan.index(off) + len);
    }

    @Test
    void servesIncreasingRanges() throws Exception {
        byte[] p = pack("p", 100_000, 1);
        PackScan scan = new PackScan(4096);
        scan.begin(storage, "p", p.length);
        // adjacent, overlapping, with gaps, one larger than the window, one at the very end
        long[][] ranges = {{0, 10}, {10, 5000}, {4000, 2000}, {20_000, 30_000}, {60_000, 1}, {99_990, 10}};
        for (long[] r : ranges) {
            assertThat(slice(scan, r[0], (int) r[1])).isEqualTo(Arrays.copyOfRange(p, (int) r[0], (int) (r[0] + r[1])));
        }
    }

    @Test
    void rangesAlreadyPassedOrBeyondTheEndAreRefused() throws Exception {
        byte[] p = pack("p", 50_000, 2);
        PackScan scan = new PackScan(1024);
        scan.begin(storage, "p", p.length);
        assertThat(slice(scan, 30_000, 100)).isNotNull();
        assertThat(scan.at(100, 10)).isNull();
        assertThat(scan.at(49_999, 2)).isNull();
        assertThat(slice(scan, 49_999, 1)).containsExactly(p[49_999]);
    }

    @Test
    void isReusedFromPackToPack() throws Exception {
        byte[] a = pack("a", 300_000, 3), b = pack("b", 7, 4);
        PackScan scan = new PackScan(8192);
        scan.begin(storage, "a", a.length);
        assertThat(slice(scan, 1, 200_000)).isEqualTo(Arrays.copyOfRange(a, 1, 200_001));
        scan.begin(storage, "b", b.length);
        assertThat(slice(scan, 0, 7)).isEqualTo(b);
    }

    @Test
    void aPackShorterThanItsListedSizeFailsToRead() throws Exception {
        pack("p", 1000, 5);
        PackScan scan = new PackScan(512);
        scan.begin(storage, "p", 2000);
        assertThatThrownBy(() -> scan.at(1500, 100)).isInstanceOf(EOFException.class);
    }
}
