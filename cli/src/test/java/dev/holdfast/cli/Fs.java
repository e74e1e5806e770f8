package dev.holdfast.cli;

import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small file-system helpers for tests, over byte-string paths (any name the kernel allows). */
final class Fs {
    private Fs() {}

    static byte[] b(Path p) {
        return p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }

    static byte[] child(byte[] dir, String name) {
        return child(dir, b(name));
    }

    static byte[] child(byte[] dir, byte[] name) {
        byte[] out = Arrays.copyOf(dir, dir.length + 1 + name.length);
        out[dir.length] = '/';
        System.arraycopy(name, 0, out, dir.length + 1, name.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    static byte[] random(long seed, int n) {
        byte[] out = new byte[n];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    static byte[] mkdir(byte[] path) throws PosixException {
        Posix.mkdir(path, 0755);
        return path;
    }

    static byte[] write(byte[] path, byte[] data) throws PosixException {
        int fd = Posix.createWrite(path, 0644);
        try {
            if (data.length > 0) Posix.pwriteFully(fd, data, 0, data.length, 0);
        } finally {
            Posix.close(fd);
        }
        return path;
    }

    static byte[] write(byte[] path, String text) throws PosixException {
        return write(path, b(text));
    }

    /** Overwrites part of an existing file in place. */
    static void patch(byte[] path, long offset, byte[] data) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(Path.of(s(path)), java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(data), offset);
        }
    }

    /** A sparse file of the given size with data blocks at the given offsets. */
    static byte[] sparse(byte[] path, long size, long seed, long... dataAt) throws PosixException {
        int fd = Posix.createWrite(path, 0644);
        try {
            int i = 0;
            for (long off : dataAt) {
                byte[] d = random(seed + i++, 4096);
                Posix.pwriteFully(fd, d, 0, d.length, off);
            }
            Posix.ftruncate(fd, size);
        } finally {
            Posix.close(fd);
        }
        return path;
    }

    /** The whole content of a (small) file; does not change its atime. */
    static byte[] read(byte[] path) throws PosixException {
        int fd = Posix.openRead(path);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 20];
            long pos = 0;
            int n;
            while ((n = Posix.pread(fd, buf, 0, buf.length, pos)) > 0) {
                out.write(buf, 0, n);
                pos += n;
            }
            return out.toByteArray();
        } finally {
            Posix.close(fd);
        }
    }

    static boolean exists(byte[] path) {
        try {
            Posix.lstat(path);
            return true;
        } catch (PosixException e) {
            return false;
        }
    }

    /** Runs a program and fails unless it exits 0. */
    static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
