package dev.holdfast.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Freezes the chunk boundaries of the format (docs/repository-format.md, "Chunking", examples).
 * If one of these fails, the change breaks deduplication against every existing repository: it
 * needs a new chunker name, not new expected values.
 */
class FastCdcKnownAnswerTest {
    private static final byte[] DATA = ChunkTestData.random(42, 24 << 20);

    @Test
    void defaultParamsOver24MiB() {
        FastCdc cdc = new FastCdc(ChunkerParams.DEFAULT, ChunkTestData.secret());
        assertThat(ChunkTestData.lengths(cdc, DATA)).containsExactly(
                521282, 1191854, 1330068, 1045650, 1015700, 1207762, 1721183, 1671640, 1230543, 1407984,
                1293348, 1125450, 1287280, 1667127, 1456031, 1576081, 1334061, 1090367, 864794, 1127619);
    }

    @Test
    void smallParamsOverTheFirst256KiB() {
        FastCdc cdc = new FastCdc(new ChunkerParams(2048, 8192, 65536), ChunkTestData.secret());
        assertThat(ChunkTestData.lengths(cdc, DATA, 256 << 10)).containsExactly(
                9761, 11997, 11682, 11771, 17930, 13856, 8484, 8550, 12013, 11011, 9373, 8836, 10220,
                10537, 4596, 9487, 9870, 8693, 9052, 9663, 9015, 8470, 11517, 6241, 18756, 763);
    }

    /** The test data is the SplitMix64 stream, so other implementations can regenerate it. */
    @Test
    void testDataIsSplitMix64LittleEndian() {
        long state = 42;
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            long z = state += 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            assertThat(r.nextLong()).isEqualTo(z);
        }
        assertThat(DATA[0]).isEqualTo((byte) new SplittableRandom(42).nextLong());
    }
}
