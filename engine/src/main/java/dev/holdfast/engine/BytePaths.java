package dev.holdfast.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Absolute paths as byte strings (any bytes but '/' and NUL in a name), and their display form. */
public final class BytePaths {
    public static final byte[] ROOT = {'/'};

    private BytePaths() {}

    public static byte[] child(byte[] dir, byte[] name) {
        boolean root = dir.length == 1 && dir[0] == '/';
        byte[] out = Arrays.copyOf(dir, dir.length + (root ? 0 : 1) + name.length);
        int pos = dir.length;
        if (!root) out[pos++] = '/';
        System.arraycopy(name, 0, out, pos, name.length);
        return out;
    }

    /** The components of a normalized absolute path ("/" has none). */
    public static List<byte[]> components(byte[] path) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= path.length; i++) {
            if (i == path.length || path[i] == '/') {
                if (i > start) out.add(Arrays.copyOfRange(path, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** Makes a command-line path absolute and normal: no "." or "..", no repeated or trailing '/'. */
    public static byte[] normalize(String path, String cwd) {
        String abs = path.startsWith("/") ? path : cwd + "/" + path;
        List<String> parts = new ArrayList<>();
        for (String p : abs.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.add(p);
            }
        }
        return encode("/" + String.join("/", parts));
    }

    /**
     * A command-line string as the bytes it stands for: UTF-8, except that the characters U+DC80
     * to U+DCFF (unpaired surrogates, see {@link #decode}) stand for the bytes 0x80 to 0xFF.
     */
    public static byte[] encode(String s) {
        java.io.ByteArrayOutputStream out = null;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                if (out == null) out = new java.io.ByteArrayOutputStream(s.length() + 8);
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c & 0xFF);
                start = i + 1;
            }
        }
        if (out == null) return s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(s.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Bytes as a string without losing any: valid UTF-8 is decoded, and each other byte b becomes
     * the unpaired surrogate U+DC00+b, which {@link #encode} turns back into b (Python's
     * "surrogateescape"). File names given on the command line that are not UTF-8 go through this.
     */
    public static String decode(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int n = utf8Sequence(bytes, i);
            if (n > 0) {
                sb.append(new String(bytes, i, n, StandardCharsets.UTF_8));
                i += n;
            } else {
                sb.append((char) (0xDC00 | (bytes[i] & 0xFF)));
                i++;
            }
        }
        return sb.toString();
    }

    /** The length of the valid UTF-8 sequence at bytes[i], or 0 when there is none (RFC 3629: no overlong forms, no surrogates). */
    private static int utf8Sequence(byte[] bytes, int i) {
        int b = bytes[i] & 0xFF;
        if (b < 0x80) return 1;
        int n = b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
        if (n == 0 || i + n > bytes.length) return 0;
        int second = bytes[i + 1] & 0xFF;
        int lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
        int hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
        if (second < lo || second > hi) return 0;
        for (int k = 2; k < n; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80) return 0;
        }
        return n;
    }

    /** True when name is a single safe path component: not empty, ".", "..", and without '/' or NUL. */
    public static boolean isSafeName(byte[] name) {
        if (name.length == 0 || name.length > 255) return false;
        if (name[0] == '.' && (name.length == 1 || (name.length == 2 && name[1] == '.'))) return false;
        for (byte b : name) if (b == '/' || b == 0) return false;
        return true;
    }

    /** A printable rendering: valid UTF-8 as is, other bytes and control characters as \xNN. */
    public static String display(byte[] path) {
        StringBuilder sb = new StringBuilder(path.length);
        int i = 0;
        while (i < path.length) {
            int b = path[i] & 0xFF;
            int n = utf8Sequence(path, i);
            if (n > 1) {
                sb.append(new String(path, i, n, StandardCharsets.UTF_8));
                i += n;
                continue;
            }
            if (n == 1 && b >= 0x20 && b != 0x7F && b != '\\') sb.append((char) b);
            else if (b == '\\') sb.append("\\\\");
            else sb.append(String.format("\\x%02x", b));
            i++;
        }
        return sb.toString();
    }
}
