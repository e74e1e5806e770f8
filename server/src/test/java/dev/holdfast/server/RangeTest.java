package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RangeTest {
    @Test
    void rangesAreClippedToTheEnd() {
        assertThat(RequestHandler.parseRange("bytes=0-9", 100)).containsExactly(0, 9);
        assertThat(RequestHandler.parseRange("bytes=90-200", 100)).containsExactly(90, 99);
        assertThat(RequestHandler.parseRange("bytes=10-", 100)).containsExactly(10, 99);
        assertThat(RequestHandler.parseRange("bytes=-30", 100)).containsExactly(70, 99);
        assertThat(RequestHandler.parseRange("bytes=-300", 100)).containsExactly(0, 99);
    }

    @Test
    void rangesStartingAtOrPastTheEndAreUnsatisfiable() {
        assertThat(RequestHandler.parseRange("bytes=100-100", 100)).isNull();
        assertThat(RequestHandler.parseRange("bytes=0-0", 0)).isNull();
        assertThat(RequestHandler.parseRange("bytes=-5", 0)).isNull();
        assertThat(RequestHandler.parseRange("bytes=100-", 100)).isNull();
    }

    @Test
    void malformedRangesAreRefused() {
        for (String bad : new String[] {"bytes=5-1", "bytes=a-b", "items=0-1", "bytes=0-1,5-6", "bytes=5"}) {
            assertThatThrownBy(() -> RequestHandler.parseRange(bad, 100)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
