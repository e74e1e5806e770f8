package dev.holdfast.storage;

/**
 * The blob naming rules every {@link Storage} implementation enforces, so that a name valid on one
 * backend is valid on all of them (a local filesystem, SFTP, S3, HTTP).
 *
 * <p>A name is one or more '/'-separated segments; each segment is 1 to {@value #MAX_SEGMENT}
 * characters from [A-Za-z0-9._-] and is neither "." nor "..". A name has no leading or trailing
 * '/', no empty segment, is at most {@value #MAX_NAME} characters long, and its first segment is
 * not {@value #RESERVED}, which implementations may use for temporary files.
 *
 * <p>A list prefix follows the same rules except that it may be empty, may end with '/' and its
 * last segment may be a partial one (so "data/a" matches "data/ab/..."). A prefix that reaches
 * into {@value #RESERVED}/ is valid but matches nothing.
 */
public final class NameRules {
    /** Longest name, in characters (S3 keys are limited to 1024 bytes). */
    public static final int MAX_NAME = 1024;
    /** Longest segment, in characters (NAME_MAX of common filesystems). */
    public static final int MAX_SEGMENT = 255;
    /** The first segment reserved for temporary files. */
    public static final String RESERVED = "tmp";

    private NameRules() {}

    /** Returns name if it is a valid blob name. @throws IllegalArgumentException otherwise */
    public static String check(String name) {
        String problem = problem(name, false);
        if (problem != null) {
            throw new IllegalArgumentException("invalid blob name " + quote(name) + ": " + problem);
        }
        return name;
    }

    /** Returns prefix if it is a valid list prefix. @throws IllegalArgumentException otherwise */
    public static String checkPrefix(String prefix) {
        String problem = problem(prefix, true);
        if (problem != null) {
            throw new IllegalArgumentException("invalid blob prefix " + quote(prefix) + ": " + problem);
        }
        return prefix;
    }

    /** True if name is a valid blob name. */
    public static boolean isValid(String name) {
        return problem(name, false) == null;
    }

    /** True if no valid blob name can start with this (valid) prefix. */
    public static boolean isReservedPrefix(String prefix) {
        return prefix.startsWith(RESERVED + "/");
    }

    private static String problem(String s, boolean prefix) {
        if (s == null) {
            return "null";
        }
        if (s.isEmpty()) {
            return prefix ? null : "empty";
        }
        if (s.length() > MAX_NAME) {
            return "longer than " + MAX_NAME + " characters";
        }
        int start = 0;
        while (start < s.length() || !prefix) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            String why = segmentProblem(s, start, end, prefix && slash < 0);
            if (why != null) {
                return why;
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        if (!prefix && (s.equals(RESERVED) || s.startsWith(RESERVED + "/"))) {
            return "'" + RESERVED + "' is reserved for temporary files";
        }
        return null;
    }

    private static String segmentProblem(String s, int start, int end, boolean partial) {
        int len = end - start;
        if (len == 0) {
            return start == 0 ? "starts with '/'" : "empty segment";
        }
        if (len > MAX_SEGMENT) {
            return "segment longer than " + MAX_SEGMENT + " characters";
        }
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "character " + describe(c) + " not allowed (only [A-Za-z0-9._-] and '/')";
            }
        }
        if (!partial && (len == 1 && s.charAt(start) == '.'
                || len == 2 && s.charAt(start) == '.' && s.charAt(start + 1) == '.')) {
            return "segment '" + s.substring(start, end) + "' not allowed";
        }
        return null;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        StringBuilder b = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp != 0x7f) {
                b.appendCodePoint(cp);
            } else {
                b.append(String.format("\\u%04x", cp));
            }
        });
        return b.append('"').toString();
    }
}
