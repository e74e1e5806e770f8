package dev.holdfast.bench;

import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
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

/** HMAC-SHA256 chunk ids and plain SHA-256 of 1 MiB; the score is MiB/s. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class HashBenchmark {
    private byte[] data;
    private Hashes hashes;

    @Setup
    public void setup() {
        data = Samples.random(1, Samples.MIB);
        hashes = new Hashes(Samples.random(2, 32));
    }

    @Benchmark
    public Id id() {
        return hashes.id(data, 0, data.length);
    }

    @Benchmark
    public Id sha256() {
        return Hashes.sha256(data, 0, data.length);
    }
}
