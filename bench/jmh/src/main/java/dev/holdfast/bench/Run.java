package dev.holdfast.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks with JMH's usual command-line options, then prints a Markdown table in MB/s
 * (10^6 bytes per second, like openssl speed and zstd -b): the median of the measurement
 * iterations with their range (min–max), beside the machine limits that
 * bench/jmh.sh measured and passed in environment variables (LIMIT_*, in MB/s; absent = n/a).
 * The given options run every benchmark but {@link AeadColdStartBenchmark}; when they name no
 * benchmark, that one then runs as well, on its own settings (a fresh fork, no warm-up).
 */
public final class Run {
    private static final double MIB_TO_MB = Samples.MIB / 1e6;

    /** Benchmark (and param) to component name, limit variable and how the limit was measured. */
    private record Row(String benchmark, String param, String component, String limitVar, String limitTool) {}

    private static final List<Row> ROWS = List.of(
            new Row("ChunkerBenchmark.cut", "default", "FastCdc.cut, 256K/1M/8M", "LIMIT_GEAR", "same loop in C, gcc -O3"),
            new Row("ChunkerBenchmark.cut", "small", "FastCdc.cut, 2K/8K/64K", "LIMIT_GEAR_SMALL", "same loop in C, gcc -O3"),
            new Row("HashBenchmark.id", null, "Hashes.id (HMAC-SHA256)", "LIMIT_SHA256", "openssl sha256"),
            new Row("HashBenchmark.sha256", null, "Hashes.sha256", "LIMIT_SHA256", "openssl sha256"),
            new Row("AeadBenchmark.seal", null, "Aead.seal (AES-256-GCM, " + dev.holdfast.crypto.Aead.implementation() + ")", "LIMIT_GCM_ENC", "openssl aes-256-gcm"),
            new Row("AeadBenchmark.open", null, "Aead.open (AES-256-GCM, " + dev.holdfast.crypto.Aead.implementation() + ")", "LIMIT_GCM_DEC", "openssl aes-256-gcm -decrypt"),
            new Row("AeadColdStartBenchmark.seal", null, "Aead.seal, cold JVM, first 512 MiB", "LIMIT_GCM_ENC", "openssl aes-256-gcm"),
            new Row("CompressBenchmark.compressText", null, "Compressor.compress, level 3, source text", "LIMIT_ZSTD_C", "zstd -b3"),
            new Row("CompressBenchmark.compressRandom", null, "Compressor.compress, level 3, random", "LIMIT_ZSTD_C_RANDOM", "zstd -b3"),
            new Row("CompressBenchmark.decompressText", null, "Compressor.decompress, source text", "LIMIT_ZSTD_D", "zstd -b3"));

    private Run() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        List<RunResult> results = new ArrayList<>(
                new Runner(new OptionsBuilder().parent(cmd).exclude(AeadColdStartBenchmark.class.getSimpleName()).build()).run());
        if (cmd.getIncludes().isEmpty()) {
            Options cold = new OptionsBuilder()
                    .include(AeadColdStartBenchmark.class.getSimpleName())
                    .forks(1).warmupIterations(0).measurementIterations(1)
                    .measurementBatchSize(AeadColdStartBenchmark.BATCH_MIB).mode(Mode.SingleShotTime)
                    .resultFormat(ResultFormatType.JSON).result("bench/jmh/target/jmh-cold.json")
                    .build();
            results.addAll(new Runner(cold).run());
        }
        List<String> lines = new ArrayList<>();
        lines.add("| component | Holdfast MB/s per core, median (range) | machine limit MB/s | ratio | limit measured with |");
        lines.add("|---|---:|---:|---:|---|");
        for (Row row : ROWS) {
            for (RunResult r : results) {
                String name = r.getParams().getBenchmark();
                if (!name.endsWith("." + row.benchmark())) continue;
                if (row.param() != null && !row.param().equals(r.getParams().getParam("params"))) continue;
                var stats = r.getPrimaryResult().getStatistics();
                double mb = stats.getPercentile(50) * MIB_TO_MB;
                String range = String.format(Locale.ROOT, " (%.0f–%.0f)", stats.getMin() * MIB_TO_MB, stats.getMax() * MIB_TO_MB);
                if (r.getParams().getMode() == Mode.SingleShotTime) { // seconds per batch of 1 MiB calls
                    mb = r.getParams().getMeasurement().getBatchSize() * MIB_TO_MB / stats.getPercentile(50);
                    range = "";
                }
                String limitText = System.getenv(row.limitVar());
                double limit = parse(limitText);
                lines.add(String.format(Locale.ROOT, "| %s | %.0f%s | %s | %s | %s |",
                        row.component(), mb, range,
                        Double.isNaN(limit) ? "n/a" : String.format(Locale.ROOT, "%.0f", limit),
                        Double.isNaN(limit) ? "n/a" : String.format(Locale.ROOT, "%.2f", mb / limit),
                        row.limitTool()));
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    private static double parse(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
