package dev.holdfast.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CutMasksTest {

    @Test
    void defaultMasksArePinned() {
        int avg = ChunkerParams.DEFAULT.avg();
        assertThat(CutMasks.strict(avg)).isEqualTo(0xedb6edb600000000L);
        assertThat(CutMasks.loose(avg)).isEqualTo(0xd5aad5aa00000000L);
        assertThat(Long.bitCount(CutMasks.strict(avg))).isEqualTo(22);
        assertThat(Long.bitCount(CutMasks.loose(avg))).isEqualTo(18);
    }

    @Test
    void smallMasksArePinned() {
        assertThat(CutMasks.strict(8192)).isEqualTo(0xaaaa555400000000L);
        assertThat(CutMasks.loose(8192)).isEqualTo(0xa492492400000000L);
        assertThat(CutMasks.strict(128)).isEqualTo(0x9122448800000000L);
        assertThat(CutMasks.loose(128)).isEqualTo(0x8208104000000000L);
    }

    @Test
    void everyWidthSpreadsDistinctBitsOverTheTop32WithBit63() {
        for (int n = 1; n <= 32; n++) {
            long m = CutMasks.spread(n);
            assertThat(Long.bitCount(m)).as("bits of mask %d", n).isEqualTo(n);
            assertThat(m & 0xffffffffL).isZero();
            assertThat(m < 0).isTrue();
        }
        assertThat(CutMasks.spread(32)).isEqualTo(0xffffffff00000000L);
        assertThat(CutMasks.spread(1)).isEqualTo(0x8000000000000000L);
        assertThatThrownBy(() -> CutMasks.spread(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CutMasks.spread(33)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void smallestAndLargestAveragesWork() {
        assertThat(Long.bitCount(CutMasks.loose(128))).isEqualTo(5);
        assertThat(Long.bitCount(CutMasks.strict(1 << 30))).isEqualTo(32);
    }
}
