package dev.holdfast.cli.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds seeded source trees: many small files in nested directories and a few large random ones. */
final class Trees {
    private static final String WORDS = "holdfast backup chunk pack index snapshot tree restore check prune the of and a to in ";

    private Trees() {}

    /** {@code count} small files (0 to maxSize bytes, text or binary) under dir, in up to 3 levels of subdirectories. */
    static List<Path> smallFiles(Path dir, Random r, int count, int maxSize) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path d = dir.resolve("d" + r.nextInt(6));
            if (r.nextBoolean()) d = d.resolve("e" + r.nextInt(4));
            if (r.nextInt(4) == 0) d = d.resolve("f" + r.nextInt(3));
            Files.createDirectories(d);
            Path f = d.resolve("file-" + i + (r.nextBoolean() ? ".txt" : ".bin"));
            Files.write(f, content(r, r.nextInt(maxSize + 1), f.toString().endsWith(".txt")));
            out.add(f);
        }
        return out;
    }

    /** A file of size random (incompressible) bytes. */
    static Path randomFile(Path file, Random r, int size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] b = new byte[size];
        r.nextBytes(b);
        Files.write(file, b);
        return file;
    }

    static byte[] content(Random r, int size, boolean text) {
        if (!text) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            return b;
        }
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) {
            int i = r.nextInt(WORDS.length() - 12);
            sb.append(WORDS, i, i + 1 + r.nextInt(10));
        }
        return sb.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    static final int MIB = 1024 * 1024;

    /** Copies a directory tree (directories and regular files). */
    static void copy(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }
}
