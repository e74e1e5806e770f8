package dev.holdfast.storage;

import java.util.Locale;

/** Sizes in settings: a number with an optional K, M, G or T suffix (powers of 1024; "MiB", "MB" also read as M). */
public final class Sizes {
    private Sizes() {}

    /**
     * The bytes a size setting names; plain numbers are multiplied by plainUnit.
     * @throws IllegalArgumentException naming the setting when the value is not a size
     */
    public static long parse(String setting, String value, long plainUnit) {
        String t = value.strip().toUpperCase(Locale.ROOT).replaceAll("(I?B)?(/S)?$", "");
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> -1;
        };
        try {
            double n = Double.parseDouble(shift < 0 ? t : t.substring(0, t.length() - 1));
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) throw new NumberFormatException();
            return (long) (shift < 0 ? n * plainUnit : n * (1L << shift));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " " + value + ": expected a size such as 512K, 16M or 1G");
        }
    }
}
