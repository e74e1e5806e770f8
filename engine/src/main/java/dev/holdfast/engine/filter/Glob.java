package dev.holdfast.engine.filter;

import java.util.BitSet;

/**
 * A shell-style glob over byte paths: {@code *} matches within one name, {@code **} across names,
 * {@code ?} one character, {@code [abc]}/{@code [a-z]}/{@code [!x]} a class, backslash escapes.
 * Characters are UTF-8 sequences (a byte that is not valid UTF-8 counts as one character).
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
        this.pattern = dev.holdfast.engine.BytePaths.encode(p);
        this.anchored = p.startsWith("/");
        this.nameOnly = p.indexOf('/') < 0;
    }

    /** Whether the absolute path (or, for name patterns, its last name) matches. */
    public boolean matches(byte[] path) {
        // Failed (pattern, path) positions, so that patterns with many stars stay polynomial.
        BitSet failed = new BitSet();
        if (anchored) return match(pattern, 0, path, 0, failed);
        int last = lastSlash(path);
        if (nameOnly) return match(pattern, 0, path, last + 1, failed);
        for (int i = 0; i < path.length; i++) {
            if (path[i] == '/' && match(pattern, 0, path, i + 1, failed)) return true;
        }
        return false;
    }

    private static int lastSlash(byte[] path) {
        for (int i = path.length - 1; i >= 0; i--) if (path[i] == '/') return i;
        return -1;
    }

    private static boolean match(byte[] p, int pi, byte[] s, int si, BitSet failed) {
        int key = pi * (s.length + 1) + si;
        if (failed.get(key)) return false;
        boolean m = matchFrom(p, pi, s, si, failed);
        if (!m) failed.set(key);
        return m;
    }

    private static boolean matchFrom(byte[] p, int pi, byte[] s, int si, BitSet failed) {
        while (pi < p.length) {
            byte c = p[pi];
            if (c == '*') {
                boolean deep = pi + 1 < p.length && p[pi + 1] == '*';
                int next = pi + (deep ? 2 : 1);
                if (deep && next < p.length && p[next] == '/') {
                    if (match(p, next + 1, s, si, failed)) return true; // "**/" may match nothing
                }
                for (int k = si; k <= s.length; k++) {
                    if (match(p, next, s, k, failed)) return true;
                    if (k < s.length && s[k] == '/' && !deep) return false;
                }
                return false;
            }
            if (si >= s.length) return false;
            if (c == '?') {
                if (s[si] == '/') return false;
                pi++;
                si += charLength(s, si);
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (end < 0) {
                    if (s[si] != '[') return false;
                    pi++;
                    si++;
                    continue;
                }
                int n = charLength(s, si);
                if (s[si] == '/' || !inClass(p, pi + 1, end, codePoint(s, si, n))) return false;
                pi = end + 1;
                si += n;
            } else {
                if (c == '\\' && pi + 1 < p.length) c = p[++pi];
                if (s[si] != c) return false;
                pi++;
                si++;
            }
        }
        return si == s.length;
    }

    /** The length of the UTF-8 character at s[i], or 1 for a byte that does not start a valid one. */
    private static int charLength(byte[] s, int i) {
        int b = s[i] & 0xFF;
        int n = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 1;
        if (n == 1 || i + n > s.length) return 1;
        for (int k = 1; k < n; k++) if ((s[i + k] & 0xC0) != 0x80) return 1;
        return n;
    }

    /** The code point of the n-byte character at s[i]; a byte that is not valid UTF-8 gives a negative value that no class holds. */
    private static int codePoint(byte[] s, int i, int n) {
        int b = s[i] & 0xFF;
        if (n == 1) return b < 0x80 ? b : -b;
        int cp = b & (0x7F >> n);
        for (int k = 1; k < n; k++) cp = (cp << 6) | (s[i + k] & 0x3F);
        return cp;
    }

    private static int classEnd(byte[] p, int start) {
        int i = start + 1;
        if (i < p.length && (p[i] == '!' || p[i] == '^')) i++;
        if (i < p.length && p[i] == ']') i++;
        for (; i < p.length; i++) if (p[i] == ']') return i;
        return -1;
    }

    /** Whether the class p[from, end) (characters and ranges, '!' or '^' first to negate) holds code point c. */
    private static boolean inClass(byte[] p, int from, int end, int c) {
        boolean negate = p[from] == '!' || p[from] == '^';
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            int n = charLength(p, i);
            int lo = codePoint(p, i, n);
            if (i + n + 1 < end && p[i + n] == '-') {
                int m = charLength(p, i + n + 1);
                if (c >= lo && c <= codePoint(p, i + n + 1, m)) found = true;
                i += n + 1 + m;
            } else {
                if (c == lo) found = true;
                i += n;
            }
        }
        return found != negate;
    }
}
