package dev.holdfast.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FastCdcTest {
    private static final ChunkerParams SMALL = new ChunkerParams(2048, 8192, 65536);
    private static final byte[] SECRET = ChunkTestData.secret();

    @Test
    void everyChunkButTheLastIsWithinBounds() {
        for (ChunkerParams p : List.of(SMALL, ChunkerParams.DEFAULT, new ChunkerParams(64, 128, 256))) {
            byte[] data = ChunkTestData.random(1, 24 << 20);
            List<Integer> lens = ChunkTestData.lengths(new FastCdc(p, SECRET), data);
            assertThat(lens.stream().mapToLong(Integer::longValue).sum()).isEqualTo(data.length);
            for (int len : lens.subList(0, lens.size() - 1)) assertThat(len).isBetween(p.min(), p.max());
            assertThat(lens.getLast()).isBetween(1, p.max());
        }
    }

    @Test
    void averageSizeMatchesTheNormalizedDistribution() {
        // Level-2 normalization with min = avg/4 gives a mean of about 1.14 * avg (see the format).
        byte[] data = ChunkTestData.random(2, 48 << 20);
        List<Integer> lens = ChunkTestData.lengths(new FastCdc(SMALL, SECRET), data);
        double mean = lens.subList(0, lens.size() - 1).stream().mapToInt(Integer::intValue).average().orElseThrow();
        double expected = expectedMean(SMALL);
        assertThat(expected / SMALL.avg()).isBetween(1.13, 1.15);
        assertThat(mean).isBetween(expected * 0.97, expected * 1.03);
        long nearAvg = lens.stream().filter(l -> l >= SMALL.avg() / 2 && l <= SMALL.avg() * 2).count();
        assertThat((double) nearAvg / lens.size()).isGreaterThan(0.9);
    }

    /** E[length] when each tested position cuts independently with probability 2^-bits(mask). */
    private static double expectedMean(ChunkerParams p) {
        double ps = Math.pow(2, -Long.bitCount(CutMasks.strict(p.avg())));
        double pl = Math.pow(2, -Long.bitCount(CutMasks.loose(p.avg())));
        double survive = 1, mean = 0;
        for (int i = p.min(); i < p.max(); i++) {
            double cut = survive * (i < p.avg() ? ps : pl);
            mean += cut * (i + 1);
            survive -= cut;
        }
        return mean + survive * p.max();
    }

    @Test
    void insertingBytesNearTheStartShiftsOnlyNearbyBoundaries() {
        for (ChunkerParams p : List.of(SMALL, ChunkerParams.DEFAULT)) {
            byte[] data = ChunkTestData.random(3, 24 << 20);
            int at = 5000, inserted = 100;
            byte[] edited = new byte[data.length + inserted];
            System.arraycopy(data, 0, edited, 0, at);
            System.arraycopy(ChunkTestData.random(4, inserted), 0, edited, at, inserted);
            System.arraycopy(data, at, edited, at + inserted, data.length - at);
            FastCdc cdc = new FastCdc(p, SECRET);
            List<Long> before = ChunkTestData.ends(cdc, data);
            Set<Long> after = new HashSet<>();
            for (long e : ChunkTestData.ends(cdc, edited)) after.add(e > at ? e - inserted : e);
            List<Long> lost = before.stream().filter(e -> !after.contains(e)).toList();
            assertThat(before.size()).isGreaterThan(15);
            assertThat(lost).as("boundaries not re-found after the insertion").hasSizeLessThanOrEqualTo(2);
            for (long e : lost) assertThat(e).isLessThan(at + 3L * p.max());
        }
    }

    @Test
    void changingOneByteInTheMiddleChangesAtMostTwoChunks() {
        byte[] data = ChunkTestData.random(5, 8 << 20);
        FastCdc cdc = new FastCdc(SMALL, SECRET);
        List<Integer> before = ChunkTestData.lengths(cdc, data);
        data[data.length / 2] ^= 1;
        List<Integer> after = ChunkTestData.lengths(cdc, data);
        List<Integer> changed = new ArrayList<>(after);
        changed.removeAll(new HashSet<>(before));
        assertThat(changed).hasSizeLessThanOrEqualTo(2);
        assertThat(after.size()).isBetween(before.size() - 2, before.size() + 2);
    }

    @Test
    void differentSecretsGiveDifferentBoundaries() {
        byte[] data = ChunkTestData.random(6, 8 << 20);
        Set<Long> a = new HashSet<>(ChunkTestData.ends(new FastCdc(SMALL, SECRET), data));
        List<Long> b = ChunkTestData.ends(new FastCdc(SMALL, ChunkTestData.secret(1)), data);
        long shared = b.stream().filter(a::contains).count();
        assertThat(a.size()).isGreaterThan(500);
        assertThat(shared).isLessThan(a.size() / 20);
    }

    @Test
    void allZeroInputCutsAtMax() {
        byte[] zeros = new byte[20 << 20];
        for (byte[] secret : List.of(SECRET, new byte[32], ChunkTestData.secret(0x80))) {
            for (ChunkerParams p : List.of(ChunkerParams.DEFAULT, SMALL, new ChunkerParams(64, 128, 256))) {
                List<Integer> lens = ChunkTestData.lengths(new FastCdc(p, secret), zeros);
                int full = zeros.length / p.max();
                for (int len : lens.subList(0, full)) assertThat(len).isEqualTo(p.max());
                assertThat(lens).hasSize(zeros.length % p.max() == 0 ? full : full + 1);
            }
        }
    }

    @Test
    void shortInputsAreOneChunk() {
        FastCdc cdc = new FastCdc(ChunkerParams.DEFAULT, SECRET);
        byte[] data = ChunkTestData.random(7, 2 << 20);
        int min = ChunkerParams.DEFAULT.min();
        assertThat(cdc.cut(data, 0, 1)).isEqualTo(1);
        assertThat(cdc.cut(data, 5, 100)).isEqualTo(100);
        assertThat(cdc.cut(data, 0, min)).isEqualTo(min);
        assertThat(cdc.cut(data, 0, min + 1)).isEqualTo(min + 1);
        assertThat(ChunkTestData.lengths(cdc, new byte[0])).isEmpty();
        int whole = cdc.cut(data, 0, data.length);
        for (int len : new int[] {min + 2, whole - 1, whole, whole + 1}) {
            assertThat(cdc.cut(data, 0, len)).isEqualTo(Math.min(len, whole));
        }
    }

    @Test
    void dependsOnlyOnTheBytesFromOffAndNotOnPositionInTheArray() {
        FastCdc cdc = new FastCdc(SMALL, SECRET);
        byte[] data = ChunkTestData.random(8, 1 << 20);
        for (int off : new int[] {1, 777, 40_000, 500_000}) {
            byte[] copy = java.util.Arrays.copyOfRange(data, off, data.length);
            assertThat(cdc.cut(data, off, data.length - off)).isEqualTo(cdc.cut(copy, 0, copy.length));
        }
    }

    /** Differential check against a direct reading of the specification's window formula. */
    @Test
    void matchesTheWindowedDefinition() {
        ChunkerParams p = new ChunkerParams(64, 256, 2048);
        FastCdc cdc = new FastCdc(p, SECRET);
        long[] g = GearTable.derive(SECRET);
        long maskS = CutMasks.strict(p.avg()), maskL = CutMasks.loose(p.avg());
        byte[] data = ChunkTestData.random(9, 1 << 20);
        // Low-entropy data too, where many positions share hash values.
        for (int i = 0; i < data.length / 2; i++) data[i] = (byte) (data[i] & 0x03);
        int off = 0;
        while (off < data.length) {
            int avail = data.length - off, expected = Math.min(avail, p.max());
            if (avail > p.min()) {
                for (int i = p.min(); i < expected; i++) {
                    long h = 0; // h_i = sum over j of G[b_(i-j)] << j, for j <= min(63, i - min)
                    for (int j = 0; j <= Math.min(63, i - p.min()); j++) h += g[data[off + i - j] & 0xff] << j;
                    if ((h & (i < p.avg() ? maskS : maskL)) == 0) { expected = i + 1; break; }
                }
            }
            assertThat(cdc.cut(data, off, avail)).as("chunk at %d", off).isEqualTo(expected);
            off += expected;
        }
    }

    @Test
    void rejectsBadArguments() {
        FastCdc cdc = new FastCdc(SMALL, SECRET);
        assertThat(cdc.params()).isEqualTo(SMALL);
        byte[] data = new byte[100];
        assertThatThrownBy(() -> cdc.cut(data, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cdc.cut(data, 50, 51)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> cdc.cut(data, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new FastCdc(null, SECRET)).isInstanceOf(NullPointerException.class);
    }
}
