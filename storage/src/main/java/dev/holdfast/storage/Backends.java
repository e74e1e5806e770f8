package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a repository location into a {@link Storage}: a local directory or a provider's URL. */
public final class Backends {
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):(?!\\\\).*", Pattern.DOTALL);

    private Backends() {}

    /** The location's scheme ({@code sftp} for {@code sftp:host:/p}), or null for a local path. */
    public static String scheme(String location) {
        Matcher m = SCHEME.matcher(location);
        return m.matches() && m.group(1).length() > 1 ? m.group(1) : null;
    }

    /**
     * Opens the storage at location with the decorators its settings ask for: every remote
     * backend is wrapped in {@link RetryingStorage} ({@code retries}: attempts per call, default
     * {@value #DEFAULT_ATTEMPTS}); {@code replicas=LOC[,LOC...]} makes a {@link MirrorStorage} of
     * location and the replicas; {@code read-ahead=SIZE} makes remote backends read packs ahead in
     * blocks of that many bytes (off by default, see {@link ReadAheadStorage}); {@code limit-upload}
     * and {@code limit-download} (bytes per second, K/M/G suffixes, a plain number is KiB/s) add a
     * {@link RateLimitedStorage}.
     */
    public static Storage open(String location, Path cwd, StorageOptions options) throws IOException {
        requireKnownSettings(options);
        Storage s = openOne(location, cwd, options);
        String replicas = options.setting("replicas");
        if (replicas != null && !replicas.isBlank()) {
            List<Storage> members = new ArrayList<>(List.of(s));
            try {
                for (String r : replicas.split(",")) {
                    if (!r.isBlank()) members.add(openOne(r.strip(), cwd, options));
                }
            } catch (IOException | RuntimeException e) {
                for (Storage m : members) closeQuietly(m);
                throw e;
            }
            s = new MirrorStorage(members);
        }
        long up = rate(options, "limit-upload"), down = rate(options, "limit-download");
        return up > 0 || down > 0 ? new RateLimitedStorage(s, up, down) : s;
    }

    /**
     * Block size of the read-ahead on remote backends unless -o read-ahead=SIZE says otherwise: 0,
     * off. Restore plans its reads by pack (a few large ranged reads per pack), and blocks fetched
     * ahead of those were mostly read for nothing (on the Linux tree from S3: 2.8 GB fetched for
     * 0.25 GB of packs, 43 s against 29 s without).
     */
    public static final int DEFAULT_READ_AHEAD = 0;
    /** Blocks the read-ahead keeps. */
    static final int READ_AHEAD_BLOCKS = 24;

    /** Pack files (data/…) are named by their content hash and never change: safe to cache. */
    private static boolean isPack(String name) {
        return name.startsWith("data/");
    }

    /** Attempts per call on a remote backend unless -o retries=N says otherwise. */
    public static final int DEFAULT_ATTEMPTS = 4;

    private static long rate(StorageOptions options, String name) {
        String v = options.setting(name);
        return v == null ? 0 : Sizes.parse("--" + name, v, 1024);
    }

    private static void closeQuietly(Storage s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already failing.
        }
    }

    /** One location, without mirror or rate limit; remote ones with retries (and read-ahead when asked for). */
    static Storage openOne(String location, Path cwd, StorageOptions options) throws IOException {
        Storage s = openPlain(location, cwd, options);
        if (s instanceof LocalStorage) return s;
        String r = options.setting("retries");
        int attempts;
        try {
            attempts = r == null ? DEFAULT_ATTEMPTS : Integer.parseInt(r.strip());
            if (attempts < 1) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            closeQuietly(s);
            throw new IllegalArgumentException("option -o retries=" + r + ": expected a number of attempts (1: no retries)");
        }
        if (attempts > 1) s = new RetryingStorage(s, attempts, Duration.ofMillis(500));
        String ra = options.setting("read-ahead");
        long block = ra == null ? DEFAULT_READ_AHEAD : Sizes.parse("-o read-ahead", ra, 1);
        return block > 0 ? new ReadAheadStorage(s, Backends::isPack, (int) Math.min(block, 1 << 30), READ_AHEAD_BLOCKS) : s;
    }

    /** Settings the decorators read; each provider names its own ({@link StorageProvider#settings}). */
    private static final java.util.Set<String> OWN_SETTINGS = java.util.Set.of("retries", "read-ahead", "replicas", "limit-upload", "limit-download");

    /**
     * Refuses a setting no backend reads (a misspelt -o would otherwise be ignored without a word).
     * Settings of other backends than the location's are allowed: mirrors and copies mix backends.
     */
    static void requireKnownSettings(StorageOptions options) {
        java.util.Set<String> known = new java.util.TreeSet<>(OWN_SETTINGS);
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) known.addAll(p.settings());
        for (String name : options.settings().keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("option -o " + name + ": no storage backend has this setting (known: "
                        + String.join(", ", known) + "; see docs/backends.md)");
            }
        }
    }

    /**
     * Opens the storage at location, without decorators. A location without a scheme is a local
     * directory, resolved against cwd when relative.
     * @throws UnknownSchemeException when no provider handles the scheme
     */
    public static Storage openPlain(String location, Path cwd, StorageOptions options) throws IOException {
        String scheme = scheme(location);
        if (scheme == null || scheme.equals("file")) {
            String path = scheme == null ? location : location.substring("file:".length());
            return new LocalStorage(cwd.resolve(path).normalize());
        }
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
            if (p.schemes().contains(scheme)) return p.open(location, options);
        }
        throw new UnknownSchemeException(location, scheme);
    }

    /** No provider for a location's scheme. */
    public static final class UnknownSchemeException extends IOException {
        public UnknownSchemeException(String location, String scheme) {
            super("repository " + location + ": no storage backend for '" + scheme
                    + ":' (known: local directories, and the schemes of the installed backends)");
        }
    }
}
