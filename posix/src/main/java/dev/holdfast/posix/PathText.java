package dev.holdfast.posix;

/**
 * Renders a byte-string path for messages: valid UTF-8 stays readable, while invalid bytes,
 * control characters (C0, DEL, C1) and backslashes are escaped ({@code \xff}, {@code \n},
 * {@code \\}), so a message always fits on one line and never drives the terminal.
 */
final class PathText {
    private PathText() {}

    static String render(byte[] path) {
        if (path == null) return "";
        StringBuilder sb = new StringBuilder(path.length + 8);
        int i = 0;
        while (i < path.length) {
            int b = path[i] & 0xff;
            if (b < 0x80) {
                ascii(sb, b);
                i++;
                continue;
            }
            int len = sequenceLength(path, i);
            if (len == 0) {
                hex(sb, b);
                i++;
                continue;
            }
            int cp = decode(path, i, len);
            if (cp < 0xa0) {
                // C1 control characters: escape their bytes
                for (int k = 0; k < len; k++) hex(sb, path[i + k] & 0xff);
            } else {
                sb.appendCodePoint(cp);
            }
            i += len;
        }
        return sb.toString();
    }

    private static void ascii(StringBuilder sb, int b) {
        switch (b) {
            case '\n' -> sb.append("\\n");
            case '\t' -> sb.append("\\t");
            case '\r' -> sb.append("\\r");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (b < 0x20 || b == 0x7f) hex(sb, b);
                else sb.append((char) b);
            }
        }
    }

    private static void hex(StringBuilder sb, int b) {
        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
    }

    /** The length of the well-formed UTF-8 sequence starting at i, or 0 when it is not one. */
    static int sequenceLength(byte[] s, int i) {
        int b0 = s[i] & 0xff;
        int len;
        int lo = 0x80, hi = 0xbf; // allowed range of the second byte
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            len = 2;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            len = 3;
            if (b0 == 0xe0) lo = 0xa0;          // no overlong forms
            else if (b0 == 0xed) hi = 0x9f;     // no surrogates
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            len = 4;
            if (b0 == 0xf0) lo = 0x90;          // no overlong forms
            else if (b0 == 0xf4) hi = 0x8f;     // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (i + len > s.length) return 0;
        int b1 = s[i + 1] & 0xff;
        if (b1 < lo || b1 > hi) return 0;
        for (int k = 2; k < len; k++) {
            int b = s[i + k] & 0xff;
            if (b < 0x80 || b > 0xbf) return 0;
        }
        return len;
    }

    private static int decode(byte[] s, int i, int len) {
        int cp = s[i] & (0xff >> (len + 1));
        for (int k = 1; k < len; k++) cp = (cp << 6) | (s[i + k] & 0x3f);
        return cp;
    }
}
