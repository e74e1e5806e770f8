package dev.holdfast.engine.forget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden tests: a fixed history of two hosts' snapshots over two years (seeded times: several a
 * day, gaps of days, a few tagged) and one rules file per case under
 * {@code src/test/resources/retention/}; the decisions must equal {@code <case>.golden} line by
 * line. The goldens were reviewed by hand when created; rewrite them after a deliberate change
 * with {@code -Dholdfast.golden.update=true} and review the diff.
 */
class RetentionGoldenTest {
    @ParameterizedTest
    @ValueSource(strings = {"last5", "hourly-daily", "weekly-monthly-yearly", "within", "within-periods", "tags-and-protected", "unlimited-one-group"})
    void decisionsMatchTheGolden(String name) throws IOException {
        RulesFile.Loaded rules = RulesFile.parse(resource(name + ".toml"), name + ".toml");
        List<Decision> decisions = Retention.apply(history(), rules.rules(), rules.groupBy() == null ? GroupBy.DEFAULT : rules.groupBy(),
                Set.of("p0000011", "p00000dc"), ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder("# rules: " + rules.rules() + "\n");
        for (Decision d : decisions) {
            sb.append(d.snapshot().id()).append(' ').append(d.snapshot().snapshot().time()).append(' ').append(d.snapshot().snapshot().host())
                    .append(' ').append(d.keep() ? "keep  " : "remove").append(' ').append(String.join("; ", d.reasons())).append('\n');
        }
        String actual = sb.toString();
        Path golden = Path.of("src/test/resources/retention", name + ".golden");
        if (Boolean.getBoolean("holdfast.golden.update")) Files.writeString(golden, actual);
        assertThat(actual).isEqualTo(new String(resource(name + ".golden"), StandardCharsets.UTF_8));
    }

    /** 240 snapshots: two hosts, seeded times over about two years, a few tagged "monthly" or "keep". */
    static List<SnapshotRef> history() {
        Random r = new Random(20261123);
        List<SnapshotRef> out = new ArrayList<>();
        long t = Instant.parse("2024-11-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 240; i++) {
            t += r.nextInt(10) < 7 ? r.nextInt(8 * 3600) : r.nextInt(9 * 86400);
            String host = r.nextInt(3) == 0 ? "db" : "web";
            List<String> tags = i % 37 == 0 ? List.of("monthly") : i % 53 == 0 ? List.of("keep", "monthly") : List.of();
            out.add(Snaps.at("p" + HexFormat.of().toHexDigits(i).substring(1), Instant.ofEpochSecond(t).toString(), host, tags));
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RetentionGoldenTest.class.getResourceAsStream("/retention/" + name)) {
            if (in == null) return new byte[0];
            return in.readAllBytes();
        }
    }
}
