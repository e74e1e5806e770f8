package dev.holdfast.cli;

/** Parses sizes given on the command line: 500M, 50G, 1.5T, 123456 (bytes), or a percentage. */
final class Sizes {
    private Sizes() {}

    /** A size or a percentage: exactly one of bytes (>= 0) and percent (>= 0) is set. */
    record Limit(long bytes, double percent) {
        boolean isPercent() {
            return percent >= 0;
        }

        @Override
        public String toString() {
            return isPercent() ? String.format("%.4g%%", percent) : Units.bytes(bytes);
        }
    }

    static Limit parse(String option, String text) {
        String t = text.trim();
        try {
            if (t.isEmpty()) throw new NumberFormatException();
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1));
                if (p < 0 || p > 100) throw new NumberFormatException();
                return new Limit(-1, p);
            }
            return new Limit(bytes(t), -1);
        } catch (NumberFormatException e) {
            String what = switch (option) {
                case "--max-repo-size" -> "a size such as 500M, 50G or 2T";
                case "--max-unused" -> "a percentage such as 5%";
                default -> "a size such as 500M, 50G or 2T, or a percentage such as 10%";
            };
            throw new UserException(option + " '" + text + "': give " + what, ExitCodes.USAGE);
        }
    }

    private static long bytes(String t) {
        String units = "KMGTP";
        char last = Character.toUpperCase(t.charAt(t.length() - 1));
        int i = units.indexOf(last);
        String num = i >= 0 ? t.substring(0, t.length() - 1) : t.endsWith("B") || t.endsWith("b") ? t.substring(0, t.length() - 1) : t;
        double v = Double.parseDouble(num);
        if (v < 0) throw new NumberFormatException();
        return (long) (v * Math.pow(1024, i + 1));
    }
}
