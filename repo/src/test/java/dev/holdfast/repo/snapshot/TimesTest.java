package dev.holdfast.repo.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
    @Test
    void agreesWithInstantParseOnWhatItAccepts() {
        Random r = new Random(1);
        for (int i = 0; i < 20000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(4_000_000_000L), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
            String s = t.toString();
            assertThat(Times.parseUtc(s)).as(s).isEqualTo(t);
        }
        assertThat(Times.parseUtc("2026-03-01T12:00:00.5Z")).isEqualTo(Instant.parse("2026-03-01T12:00:00.5Z"));
    }

    @Test
    void leavesEverythingElseToInstantParse() {
        for (String s : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00+01:00",
                "2026-01-01 00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z", "+12026-01-01T00:00:00Z", "x"}) {
            assertThat(Times.parseUtc(s)).as(s).isNull();
        }
    }
}
