package dev.holdfast.engine.forget;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keep rules. A count of 0 means the rule is off and -1 means unlimited (every period that has a
 * snapshot); {@code within} keeps everything newer than the span before a group's newest snapshot,
 * {@code withinBuckets} keep the newest snapshot of every period inside such a span;
 * {@code tags} keeps snapshots that carry all tags of any entry (an entry "a,b" needs both).
 */
public record RetentionRules(int last, Map<Bucket, Integer> counts, Span within, Map<Bucket, Span> withinBuckets, List<String> tags) {
    public static final RetentionRules NONE = new RetentionRules(0, Map.of(), null, Map.of(), List.of());

    public RetentionRules {
        counts = Map.copyOf(counts);
        withinBuckets = Map.copyOf(withinBuckets);
        tags = List.copyOf(tags);
        check("last", last);
        counts.forEach((b, n) -> check(b.label(), n));
        for (String t : tags) {
            if (java.util.Arrays.stream(t.split(",")).allMatch(String::isBlank)) throw new IllegalArgumentException("--keep-tag needs a tag name");
        }
    }

    private static void check(String rule, int n) {
        if (n < -1) throw new IllegalArgumentException("--keep-" + rule + " " + n + ": give a positive count, or -1 for unlimited");
    }

    /** True when no rule is set: such rules would keep nothing, and forget refuses to use them. */
    public boolean isEmpty() {
        return last == 0 && counts.values().stream().allMatch(n -> n == 0) && within == null && withinBuckets.isEmpty() && tags.isEmpty();
    }

    public int count(Bucket b) {
        return counts.getOrDefault(b, 0);
    }

    /** A builder for the CLI and the rules file. */
    public static final class Builder {
        private int last;
        private final Map<Bucket, Integer> counts = new EnumMap<>(Bucket.class);
        private Span within;
        private final Map<Bucket, Span> withinBuckets = new EnumMap<>(Bucket.class);
        private List<String> tags = List.of();

        public Builder last(int n) { last = n; return this; }

        public Builder count(Bucket b, int n) { counts.put(b, n); return this; }

        public Builder within(Span s) { within = s; return this; }

        public Builder within(Bucket b, Span s) { withinBuckets.put(b, s); return this; }

        public Builder tags(List<String> t) { tags = List.copyOf(t); return this; }

        public RetentionRules build() {
            return new RetentionRules(last, counts, within, withinBuckets, tags);
        }
    }

    /** The rules in option syntax, for messages ("--keep-daily 7 --keep-within 30d"). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (last != 0) sb.append(" --keep-last ").append(last);
        for (Bucket b : Bucket.values()) if (count(b) != 0) sb.append(" --keep-").append(b.label()).append(' ').append(count(b));
        if (within != null) sb.append(" --keep-within ").append(within);
        for (Bucket b : Bucket.values()) if (withinBuckets.containsKey(b)) sb.append(" --keep-within-").append(b.label()).append(' ').append(withinBuckets.get(b));
        for (String t : tags) sb.append(" --keep-tag ").append(t);
        return sb.isEmpty() ? "(no rules)" : sb.substring(1);
    }
}
