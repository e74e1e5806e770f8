package dev.holdfast.engine.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand; the larger ones are in {@link RetentionGoldenTest}. */
class RetentionTest {
    private static final List<SnapshotRef> WEEK = List.of(
            Snaps.at("a1", "2026-03-01T08:00:00Z"), Snaps.at("a2", "2026-03-01T20:00:00Z"),
            Snaps.at("b1", "2026-03-02T09:00:00Z"), Snaps.at("c1", "2026-03-03T09:00:00Z"),
            Snaps.at("c2", "2026-03-03T09:30:00Z"), Snaps.at("d1", "2026-03-05T23:59:59Z"));

    private static List<String> kept(List<SnapshotRef> s, RetentionRules rules, Set<String> prot) {
        return Retention.apply(s, rules, GroupBy.DEFAULT, prot, ZoneOffset.UTC).stream().filter(Decision::keep).map(d -> d.snapshot().id()).toList();
    }

    @Test
    void keepLastKeepsTheNewest() {
        assertThat(kept(WEEK, new RetentionRules.Builder().last(2).build(), Set.of())).containsExactly("c2", "d1");
    }

    @Test
    void keepDailyKeepsTheNewestOfEachDay() {
        assertThat(kept(WEEK, new RetentionRules.Builder().count(Bucket.DAILY, 3).build(), Set.of())).containsExactly("b1", "c2", "d1");
        assertThat(kept(WEEK, new RetentionRules.Builder().count(Bucket.DAILY, -1).build(), Set.of())).containsExactly("a2", "b1", "c2", "d1");
    }

    @Test
    void periodsFollowTheTimeZone() {
        // at UTC-10, a1 (08:00Z) is on 28 February and b1 (09:00Z, 2 March) on 1 March, newer than a2
        List<String> k = Retention.apply(WEEK, new RetentionRules.Builder().count(Bucket.DAILY, -1).build(), GroupBy.DEFAULT, Set.of(), ZoneOffset.ofHours(-10))
                .stream().filter(Decision::keep).map(d -> d.snapshot().id()).toList();
        assertThat(k).containsExactly("a1", "b1", "c2", "d1");
    }

    @Test
    void keepWithinCountsBackFromTheNewestSnapshot() {
        assertThat(kept(WEEK, new RetentionRules.Builder().within(Span.parse("2d15h")).build(), Set.of())).containsExactly("c1", "c2", "d1");
        assertThat(kept(WEEK, new RetentionRules.Builder().within(Bucket.DAILY, Span.parse("4d")).build(), Set.of())).containsExactly("b1", "c2", "d1");
    }

    @Test
    void keepTagAndProtectedAreKeptWithTheirReason() {
        List<SnapshotRef> s = List.of(Snaps.at("x", "2026-01-01T00:00:00Z", "h", List.of("monthly", "db")),
                Snaps.at("y", "2026-01-02T00:00:00Z", "h", List.of("db")), Snaps.at("z", "2026-01-03T00:00:00Z"));
        List<Decision> d = Retention.apply(s, new RetentionRules.Builder().tags(List.of("monthly,db")).build(), GroupBy.DEFAULT, Set.of("y"), ZoneOffset.UTC);
        assertThat(d).extracting(x -> x.keep() + " " + x.reasons()).containsExactly("true [tag monthly,db]", "true [protected]", "false [no rule keeps it]");
    }

    @Test
    void groupsAreSeparate() {
        List<SnapshotRef> s = List.of(Snaps.at("a", "2026-01-01T00:00:00Z", "h1", List.of()), Snaps.at("b", "2026-01-02T00:00:00Z", "h2", List.of()),
                Snaps.at("c", "2026-01-03T00:00:00Z", "h1", List.of()));
        assertThat(kept(s, new RetentionRules.Builder().last(1).build(), Set.of())).containsExactly("b", "c");
        List<String> oneGroup = Retention.apply(s, new RetentionRules.Builder().last(1).build(), GroupBy.parse(""), Set.of(), ZoneOffset.UTC)
                .stream().filter(Decision::keep).map(x -> x.snapshot().id()).toList();
        assertThat(oneGroup).containsExactly("c");
    }

    @Test
    void capacityCandidatesAreOldestFirstAndNeverTheNewestOfAGroupNorProtected() {
        List<SnapshotRef> s = List.of(Snaps.at("a", "2026-01-01T00:00:00Z", "h1", List.of()), Snaps.at("b", "2026-01-02T00:00:00Z", "h2", List.of()),
                Snaps.at("c", "2026-01-03T00:00:00Z", "h1", List.of()), Snaps.at("d", "2026-01-04T00:00:00Z", "h1", List.of()),
                Snaps.at("e", "2026-01-05T00:00:00Z", "h1", List.of()));
        List<Decision> none = Retention.apply(s, RetentionRules.NONE, GroupBy.DEFAULT, Set.of("c"), ZoneOffset.UTC);
        assertThat(Retention.capacityCandidates(none, false, Set.of("c"))).extracting(SnapshotRef::id).containsExactly("a", "d");
        List<Decision> last2 = Retention.apply(s, new RetentionRules.Builder().last(2).build(), GroupBy.DEFAULT, Set.of(), ZoneOffset.UTC);
        assertThat(Retention.capacityCandidates(last2, true, Set.of())).extracting(SnapshotRef::id).containsExactly("a", "c");
    }

    @Test
    void noRulesKeepNothingAndAreReportedEmpty() {
        assertThat(RetentionRules.NONE.isEmpty()).isTrue();
        assertThat(kept(WEEK, RetentionRules.NONE, Set.of("a1"))).containsExactly("a1");
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new RetentionRules.Builder().last(-2).build()).hasMessageContaining("--keep-last -2");
        assertThatThrownBy(() -> Span.parse("7x")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Span.parse("0d")).hasMessageContaining("zero");
        assertThatThrownBy(() -> GroupBy.parse("host,colour")).hasMessageContaining("colour");
        assertThat(Span.parse("1y2m3w4d5h")).isEqualTo(new Span(1, 2, 3, 4, 5));
        assertThat(new RetentionRules(0, Map.of(Bucket.DAILY, 7), null, Map.of(), List.of()).toString()).isEqualTo("--keep-daily 7");
    }
}
