package dev.holdfast.engine.filter;

import java.nio.charset.StandardCharsets;

/**
 * A shell-style glob over byte paths: {@code *} matches within one name, {@code **} across names,
 * {@code ?} one character, {@code [abc]}/{@code [a-z]}/{@code [!x]} a class, backslash escapes.
 * A pattern without '/' matches a file's name; a pattern starting with '/' matches the absolute
 * path; any other pattern matches the end of the path at a name boundary.
 */
public final class Glob {
    private final byte[] pattern;
    private final boolean anchored;
    private final boolean nameOnly;

    public Glob(String pattern) {
        if (pattern.isEmpty()) throw new IllegalArgumentException("empty pattern");
        String p = pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        this.pattern = p.getBytes(StandardCharsets.UTF_8);
        this.anchored = p.startsWith("/");
        this.nameOnly = p.indexOf('/') < 0;
    }

    /** Whether the absolute path (or, for name patterns, its last name) matches. */
    public boolean matches(byte[] path) {
        if (anchored) return match(pattern, 0, path, 0);
        int last = lastSlash(path);
        if (nameOnly) return match(pattern, 0, path, last + 1);
        for (int i = 0; i < path.length; i++) {
            if (path[i] == '/' && match(pattern, 0, path, i + 1)) return true;
        }
        return false;
    }

    private static int lastSlash(byte[] path) {
        for (int i = path.length - 1; i >= 0; i--) if (path[i] == '/') return i;
        return -1;
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si) {
        while (pi < p.length) {
            byte c = p[pi];
            if (c == '*') {
                boolean deep = pi + 1 < p.length && p[pi + 1] == '*';
                int next = pi + (deep ? 2 : 1);
                if (deep && next < p.length && p[next] == '/') {
                    if (match(p, next + 1, s, si)) return true; // "**/" may match nothing
                }
                for (int k = si; k <= s.length; k++) {
                    if (match(p, next, s, k)) return true;
                    if (k < s.length && s[k] == '/' && !deep) return false;
                }
                return false;
            }
            if (si >= s.length) return false;
            if (c == '?') {
                if (s[si] == '/') return false;
                pi++;
                si++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (end < 0) {
                    if (s[si] != '[') return false;
                    pi++;
                    si++;
                    continue;
                }
                if (s[si] == '/' || !inClass(p, pi + 1, end, s[si])) return false;
                pi = end + 1;
                si++;
            } else {
                if (c == '\\' && pi + 1 < p.length) c = p[++pi];
                if (s[si] != c) return false;
                pi++;
                si++;
            }
        }
        return si == s.length;
    }

    private static int classEnd(byte[] p, int start) {
        int i = start + 1;
        if (i < p.length && (p[i] == '!' || p[i] == '^')) i++;
        if (i < p.length && p[i] == ']') i++;
        for (; i < p.length; i++) if (p[i] == ']') return i;
        return -1;
    }

    private static boolean inClass(byte[] p, int from, int end, byte ch) {
        boolean negate = p[from] == '!' || p[from] == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        int c = ch & 0xFF;
        while (i < end) {
            int lo = p[i] & 0xFF;
            if (i + 2 < end && p[i + 1] == '-') {
                if (c >= lo && c <= (p[i + 2] & 0xFF)) found = true;
                i += 3;
            } else {
                if (c == lo) found = true;
                i++;
            }
        }
        return found != negate;
    }
}
