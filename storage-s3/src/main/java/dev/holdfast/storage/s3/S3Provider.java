package dev.holdfast.storage.s3;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import dev.holdfast.storage.StorageProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Opens {@code s3:} locations. Settings ({@code -o NAME=VALUE}): {@code s3.region},
 * {@code s3.path-style} (true, false, auto), {@code s3.profile}, {@code s3.part-size} and
 * {@code s3.multipart-threshold} (bytes, with an optional K/M/G suffix), {@code s3.retries}
 * (attempts per request), {@code s3.timeout} (seconds to wait for an answer).
 */
public final class S3Provider implements StorageProvider {
    @Override
    public List<String> schemes() {
        return List.of("s3");
    }

    @Override
    public Storage open(String location, StorageOptions options) throws IOException {
        S3Location loc = S3Location.parse(location, options.setting("s3.path-style"));
        long partSize = size(options, "s3.part-size", 16L << 20);
        if (partSize < 5L << 20 || partSize > 1L << 30) {
            throw new IllegalArgumentException("option -o s3.part-size: between 5M and 1G (S3's limits)");
        }
        long threshold = size(options, "s3.multipart-threshold", 32L << 20);
        int attempts = (int) number(options, "s3.retries", 8);
        long timeout = number(options, "s3.timeout", 120);
        S3Client client = new S3Client(loc, Credentials.load(options), Credentials.region(options), attempts,
                Duration.ofMillis(number(options, "s3.retry-delay-ms", 100)), Duration.ofSeconds(timeout));
        return new S3Storage(client, loc, threshold, (int) partSize);
    }

    private static long number(StorageOptions options, String name, long dflt) {
        String v = options.setting(name);
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option -o " + name + "=" + v + ": expected a number");
        }
    }

    /** A size setting: a number of bytes with an optional K, M or G suffix (powers of 1024). */
    static long size(StorageOptions options, String name, long dflt) {
        String v = options.setting(name);
        if (v == null) return dflt;
        String t = v.strip().toUpperCase(java.util.Locale.ROOT).replaceAll("I?B$", "");
        int shift = t.endsWith("K") ? 10 : t.endsWith("M") ? 20 : t.endsWith("G") ? 30 : 0;
        try {
            return Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1)) << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option -o " + name + "=" + v + ": expected a size such as 16M");
        }
    }
}
