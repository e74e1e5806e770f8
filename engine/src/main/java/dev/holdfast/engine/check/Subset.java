package dev.holdfast.engine.check;

import dev.holdfast.hash.Id;

/**
 * A deterministic subset of packs for {@code check --read-data-subset}: "n/m" takes the packs whose
 * first id byte is n-1 modulo m (so m runs with n = 1..m read everything once); "P%" takes the
 * packs whose id, read as a fraction of the id space, is below P percent.
 */
public record Subset(int n, int m, double percent) {
    public static final Subset ALL = new Subset(1, 1, 100);

    public static Subset parse(String s) {
        try {
            if (s.endsWith("%")) {
                double p = Double.parseDouble(s.substring(0, s.length() - 1));
                if (!(p > 0 && p <= 100)) throw new IllegalArgumentException();
                return new Subset(1, 1, p);
            }
            String[] parts = s.split("/");
            int n = Integer.parseInt(parts[0]), m = Integer.parseInt(parts[1]);
            if (parts.length != 2 || m < 1 || m > 256 || n < 1 || n > m) throw new IllegalArgumentException();
            return new Subset(n, m, 100);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid subset '" + s + "': use a percentage such as 10% or n/m such as 1/5 (m at most 256)");
        }
    }

    public boolean contains(Id pack) {
        if (m > 1) return (pack.get(0) & 0xFF) % m == n - 1;
        long prefix = ((pack.get(0) & 0xFFL) << 24) | ((pack.get(1) & 0xFFL) << 16) | ((pack.get(2) & 0xFFL) << 8) | (pack.get(3) & 0xFFL);
        return prefix < (long) (percent / 100.0 * (1L << 32));
    }
}
