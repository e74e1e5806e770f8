package dev.holdfast.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScratchBufferTest {
    @Test
    void growsUpToTheRetainLimitAndKeepsItsArray() {
        ScratchBuffer b = new ScratchBuffer(100);
        byte[] first = b.atLeast(10);
        assertThat(first).hasSize(10);
        assertThat(b.atLeast(5)).isSameAs(first);
        byte[] grown = b.atLeast(100);
        assertThat(grown).hasSize(100);
        assertThat(b.atLeast(50)).isSameAs(grown);
    }

    @Test
    void aLargerRequestGetsAnArrayOfItsOwn() {
        ScratchBuffer b = new ScratchBuffer(100);
        byte[] kept = b.atLeast(80);
        byte[] big = b.atLeast(101);
        assertThat(big).hasSize(101).isNotSameAs(kept);
        assertThat(b.atLeast(80)).as("the kept array is still there").isSameAs(kept);
        assertThat(b.atLeast(101)).isNotSameAs(big);
    }
}
