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
        return ("/" + String.join("/", parts)).getBytes(StandardCharsets.UTF_8);
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
        var decoder = StandardCharsets.UTF_8.newDecoder();
        int i = 0;
        while (i < path.length) {
            int b = path[i] & 0xFF;
            int n = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF5 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            if (n > 1 && i + n <= path.length) {
                try {
                    sb.append(decoder.decode(java.nio.ByteBuffer.wrap(path, i, n)));
                    i += n;
                    continue;
                } catch (java.nio.charset.CharacterCodingException e) {
                    // fall through to escape
                }
            }
            if (n == 1 && b >= 0x20 && b != 0x7F && b != '\\') sb.append((char) b);
            else if (b == '\\') sb.append("\\\\");
            else sb.append(String.format("\\x%02x", b));
            i++;
        }
        return sb.toString();
    }
}
