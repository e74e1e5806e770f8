package dev.holdfast.bench;

import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
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
 * AES-256-GCM seal and open of 1 MiB with 32 bytes of associated data, at steady state; the score is
 * MiB/s. {@link Aead} runs large messages on OpenSSL's libcrypto when it is installed
 * ({@code Aead.implementation()}, printed by the setup) and on the JDK otherwise. The JDK's AES-GCM
 * runs at some tens of MB/s until C2 compiles the caller of its AES/GHASH intrinsic, which with
 * 1 MiB messages can take a gigabyte of data, longer than a short warm-up; so the setup first seals
 * and opens 16 KiB messages for {@link #PREWARM_SECONDS} seconds. {@link AeadColdStartBenchmark}
 * measures the cold behaviour a short backup actually sees.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class AeadBenchmark {
    static final int PREWARM_SECONDS = 4;
    private byte[] data;
    private byte[] aad;
    private byte[] sealed;
    private Aead aead;

    @Setup
    public void setup() throws AuthenticationException {
        data = Samples.random(1, Samples.MIB);
        aad = Samples.random(3, 32);
        aead = new Aead(Samples.random(2, 32));
        sealed = aead.seal(data, aad);
        if (!java.util.Arrays.equals(aead.open(sealed, aad), data)) throw new IllegalStateException("round trip failed");
        System.out.printf("%n# Aead implementation for large messages: %s%n", Aead.implementation());
        long end = System.nanoTime() + PREWARM_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) aead.open(aead.seal(data, 0, 16 * 1024, aad), aad);
    }

    @Benchmark
    public byte[] seal() {
        return aead.seal(data, 0, data.length, aad);
    }

    @Benchmark
    public byte[] open() throws AuthenticationException {
        return aead.open(sealed, 0, sealed.length, aad);
    }
}
