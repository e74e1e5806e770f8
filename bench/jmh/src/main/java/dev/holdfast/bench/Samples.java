package dev.holdfast.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Deterministic benchmark inputs. {@code java -cp benchmarks.jar dev.holdfast.bench.Samples text FILE}
 * writes the compressible sample so that command-line tools (zstd -b) can run on the same bytes.
 */
public final class Samples {
    public static final int MIB = 1 << 20;
    /** Source files whose concatenation is the compressible sample. */
    static final String TEXT_PREFIX = "java.base/java/util/";

    private Samples() {}

    /** n bytes of SplittableRandom(seed), incompressible. */
    public static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /**
     * The first n bytes of the JDK's own java.util sources (lib/src.zip of the running JDK,
     * entries in name order): real source code, which zstd -3 compresses about 4 to 5 times.
     */
    public static byte[] text(int n) {
        Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        byte[] out = new byte[n];
        int filled = 0;
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = z.stream()
                    .filter(e -> e.getName().startsWith(TEXT_PREFIX) && e.getName().endsWith(".java"))
                    .sorted(Comparator.comparing(ZipEntry::getName)).toList();
            for (ZipEntry e : entries) {
                try (InputStream in = z.getInputStream(e)) {
                    filled += in.readNBytes(out, filled, n - filled);
                }
                if (filled == n) return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the text sample from " + zip, e);
        }
        throw new IllegalStateException("only " + filled + " bytes of " + TEXT_PREFIX + " sources in " + zip);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("text") || args[0].equals("random"))) {
            System.err.println("usage: Samples text|random FILE   (writes the 1 MiB sample)");
            System.exit(2);
        }
        byte[] b = args[0].equals("text") ? text(MIB) : random(1, MIB);
        Files.write(Path.of(args[1]), b);
    }
}
