package dev.holdfast.engine.forget;

import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar span such as {@code 1y6m}, {@code 2w}, {@code 36h}: years, months, weeks, days and
 * hours, applied backwards from a point in time in the calendar (a month back from 31 March is
 * the last day of February).
 */
public record Span(int years, int months, int weeks, int days, int hours) {
    private static final Pattern PART = Pattern.compile("(\\d+)([ymwdh])");

    /** Parses {@code NyNmNwNdNh} with any subset of the parts, in any order, at least one non-zero. */
    public static Span parse(String text) {
        String t = text.trim().toLowerCase();
        Matcher m = PART.matcher(t);
        int[] v = new int[5];
        int end = 0;
        while (m.find() && m.start() == end) {
            end = m.end();
            int n;
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too large");
            }
            v["ymwdh".indexOf(m.group(2))] += n;
        }
        if (t.isEmpty() || end != t.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use numbers with y (years), m (months), w (weeks), d (days), h (hours), e.g. 1y6m or 36h");
        }
        Span s = new Span(v[0], v[1], v[2], v[3], v[4]);
        if (s.isZero()) throw new IllegalArgumentException("duration '" + text + "' is zero; a rule that keeps nothing is not a rule");
        return s;
    }

    public boolean isZero() {
        return years == 0 && months == 0 && weeks == 0 && days == 0 && hours == 0;
    }

    /** The point this span before t. */
    public ZonedDateTime before(ZonedDateTime t) {
        return t.minusYears(years).minusMonths(months).minusWeeks(weeks).minusDays(days).minusHours(hours);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (years > 0) sb.append(years).append('y');
        if (months > 0) sb.append(months).append('m');
        if (weeks > 0) sb.append(weeks).append('w');
        if (days > 0) sb.append(days).append('d');
        if (hours > 0) sb.append(hours).append('h');
        return sb.toString();
    }
}
