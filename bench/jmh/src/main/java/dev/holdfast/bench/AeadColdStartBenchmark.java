package dev.holdfast.bench;

import dev.holdfast.crypto.Aead;
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
 * The first {@link #BATCH_MIB} MiB sealed, 1 MiB at a time, by a fresh JVM without warm-up: what a
 * short backup sees. On the JDK's AES-GCM this is slow until the JIT compiles its intrinsic; on
 * OpenSSL it should be close to the steady state. Single-shot time of one batch; bench/jmh.sh
 * runs it separately (a fresh fork, no warm-up) and converts it to MB/s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 0)
@Measurement(iterations = 1, batchSize = AeadColdStartBenchmark.BATCH_MIB)
public class AeadColdStartBenchmark {
    static final int BATCH_MIB = 512;
    private byte[] data;
    private byte[] aad;
    private Aead aead;

    @Setup
    public void setup() {
        data = Samples.random(1, Samples.MIB);
        aad = Samples.random(3, 32);
        aead = new Aead(Samples.random(2, 32));
    }

    @Benchmark
    public byte[] seal() {
        return aead.seal(data, 0, data.length, aad);
    }
}
