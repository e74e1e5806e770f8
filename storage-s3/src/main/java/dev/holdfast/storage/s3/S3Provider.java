package dev.holdfast.storage.s3;

import dev.holdfast.storage.Sizes;
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
    public java.util.Set<String> settings() {
        return java.util.Set.of("s3.path-style", "s3.profile", "s3.region", "s3.part-size", "s3.multipart-threshold", "s3.retries", "s3.retry-delay-ms", "s3.timeout");
    }

    @Override
    public Storage open(String location, StorageOptions options) throws IOException {
        S3Location loc = S3Location.parse(location, options.setting("s3.path-style"));
        long partSize = size(options, "s3.part-size", 16L << 20);
        if (partSize < 5L << 20 || partSize > 1L << 30) {
            throw new IllegalArgumentException("option -o s3.part-size: between 5M and 1G (S3's limits)");
        }
        long threshold = size(options, "s3.multipart-threshold", 32L << 20);
        int attempts = (int) options.number("s3.retries", 8);
        long timeout = options.number("s3.timeout", 120);
        S3Client client = new S3Client(loc, Credentials.load(options), Credentials.region(options), attempts,
                Duration.ofMillis(options.number("s3.retry-delay-ms", 100)), Duration.ofSeconds(timeout));
        return new S3Storage(client, loc, threshold, (int) partSize);
    }

    /** A size setting: bytes with an optional K, M or G suffix. */
    private static long size(StorageOptions options, String name, long dflt) {
        String v = options.setting(name);
        return v == null ? dflt : Sizes.parse("option -o " + name, v, 1);
    }
}
