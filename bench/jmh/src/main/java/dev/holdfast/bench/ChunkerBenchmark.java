package dev.holdfast.bench;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.chunk.FastCdc;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Chunks a whole 64 MiB random buffer per call; the score is MiB/s. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ChunkerBenchmark {
    static final int BUFFER_MIB = 64;

    /** default: 256 KiB / 1 MiB / 8 MiB; small: 2 KiB / 8 KiB / 64 KiB (shows per-chunk cost). */
    @Param({"default", "small"})
    public String params;

    private byte[] data;
    private FastCdc cdc;

    @Setup
    public void setup() {
        data = Samples.random(42, BUFFER_MIB * Samples.MIB);
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) secret[i] = (byte) i;
        ChunkerParams p = params.equals("default") ? ChunkerParams.DEFAULT : new ChunkerParams(2048, 8192, 65536);
        cdc = new FastCdc(p, secret);
    }

    @Benchmark
    @OperationsPerInvocation(BUFFER_MIB)
    public int cut() {
        int chunks = 0;
        for (int off = 0; off < data.length; chunks++) off += cdc.cut(data, off, data.length - off);
        return chunks;
    }
}
