package dev.holdfast.posix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Byte-string path helpers for tests. */
final class Bytes {
    private Bytes() {}

    static byte[] of(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] of(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** dir + "/" + name. */
    static byte[] join(byte[] dir, byte[] name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(dir);
        out.write('/');
        out.writeBytes(name);
        return out.toByteArray();
    }

    static byte[] join(Path dir, String name) {
        return join(of(dir), of(name));
    }

    static byte[] join(Path dir, byte[] name) {
        return join(of(dir), name);
    }

    static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    static boolean contains(List<byte[]> list, byte[] item) {
        return list.stream().anyMatch(x -> Arrays.equals(x, item));
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
