package dev.holdfast.bench;

import dev.holdfast.compress.Compressor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * zstd level 3 through {@link Compressor} on 1 MiB: source text (compressible), random bytes (must
 * take the incompressible fast path) and decompression of the text. Scores are MiB/s of
 * uncompressed data.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class CompressBenchmark {
    private final Compressor compressor = new Compressor(3);
    private byte[] text;
    private byte[] random;
    private byte[] compressedText;

    @Setup
    public void setup() {
        text = Samples.text(Samples.MIB);
        random = Samples.random(1, Samples.MIB);
        compressedText = compressor.compress(text, 0, text.length);
        if (compressedText == null) throw new IllegalStateException("text sample did not compress");
        if (compressor.compress(random, 0, random.length) != null) {
            throw new IllegalStateException("random data was stored compressed");
        }
        System.out.printf("%n# text sample: %d -> %d bytes (ratio %.2f)%n",
                text.length, compressedText.length, (double) text.length / compressedText.length);
    }

    @Benchmark
    public byte[] compressText() {
        return compressor.compress(text, 0, text.length);
    }

    @Benchmark
    public byte[] compressRandom() {
        return compressor.compress(random, 0, random.length);
    }

    @Benchmark
    public byte[] decompressText() {
        return Compressor.decompress(compressedText, 0, compressedText.length, text.length);
    }
}
