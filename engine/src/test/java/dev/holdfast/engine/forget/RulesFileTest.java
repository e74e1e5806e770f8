package dev.holdfast.engine.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesFileTest {
    private static RulesFile.Loaded parse(String toml) {
        return RulesFile.parse(toml.getBytes(StandardCharsets.UTF_8), "policy.toml");
    }

    @Test
    void readsEveryKeyOfTheRetentionTableAndIgnoresTheRest() {
        RulesFile.Loaded l = parse("""
                name = "nightly"
                [sources]
                paths = ["/srv"]
                [retention]
                keep-last = 3
                keep-hourly = 24
                keep-daily = 7
                keep-weekly = 4
                keep-monthly = 12
                keep-yearly = -1
                keep-within = "3d"
                keep-within-hourly = "1d"
                keep-within-daily = "1w"
                keep-within-weekly = "1m"
                keep-within-monthly = "1y"
                keep-within-yearly = "10y"
                keep-tag = ["release", "db,final"]
                group-by = "host,tags"
                [retention.extra]
                """.replace("[retention.extra]\n", ""));
        RetentionRules r = l.rules();
        assertThat(r.last()).isEqualTo(3);
        assertThat(r.count(Bucket.HOURLY)).isEqualTo(24);
        assertThat(r.count(Bucket.YEARLY)).isEqualTo(-1);
        assertThat(r.within()).isEqualTo(Span.parse("3d"));
        assertThat(r.withinBuckets()).hasSize(5).containsEntry(Bucket.YEARLY, Span.parse("10y"));
        assertThat(r.tags()).containsExactly("release", "db,final");
        assertThat(l.groupBy()).isEqualTo(new GroupBy(true, false, true));
    }

    @Test
    void refusesWhatWouldSilentlyKeepLess() {
        assertThatThrownBy(() -> parse("[retention]\nkeep-dayly = 7\n")).hasMessageContaining("retention.keep-dayly: unknown retention key");
        assertThatThrownBy(() -> parse("[retention]\nkeep-daily = \"7\"\n")).hasMessageContaining("expected an integer");
        assertThatThrownBy(() -> parse("[retention]\nkeep-within = \"7 days\"\n")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> parse("[schedule]\nevery = \"1h\"\n")).hasMessageContaining("has no [retention] table");
        assertThatThrownBy(() -> parse("[retention\nkeep-last = 1\n")).hasMessageContaining("invalid TOML");
        assertThat(parse("[retention]\n").rules().isEmpty()).isTrue();
        assertThat(parse("[retention]\nkeep-tag = \"x\"\n").rules().tags()).isEqualTo(List.of("x"));
    }
}
