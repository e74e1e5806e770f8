package dev.holdfast.repo;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A local copy of immutable repository files (index files, snapshots, packs of trees) under
 * {@code $HOLDFAST_CACHE_DIR/<repository id>/}. Every file is named by the hash of its content and
 * authenticated when used, so a damaged cache entry is detected, evicted and read again from the
 * repository; deleting the cache loses nothing.
 */
public final class RepositoryCache {
    /** Loads a file from the repository. */
    public interface Loader {
        byte[] load() throws IOException;
    }

    private final Path root;
    private volatile boolean enabled;

    public RepositoryCache(Path root) {
        this.root = root;
        this.enabled = root != null;
    }

    public static RepositoryCache disabled() {
        return new RepositoryCache(null);
    }

    /** The cache of repository {@code id} under cacheBase, or a disabled one when cacheBase is null. */
    public static RepositoryCache of(java.nio.file.Path cacheBase, String id) {
        return cacheBase == null ? disabled() : new RepositoryCache(cacheBase.resolve(id));
    }

    /** The cached copy of name, or the loader's result, which is then cached. */
    public byte[] get(String name, Loader loader) throws IOException {
        if (enabled) {
            try {
                return Files.readAllBytes(root.resolve(name));
            } catch (IOException missing) {
                // not cached yet
            }
        }
        byte[] data = loader.load();
        put(name, data);
        return data;
    }

    /** The cached copy of name, or null when there is none. */
    public byte[] peek(String name) {
        if (!enabled) return null;
        try {
            return Files.readAllBytes(root.resolve(name));
        } catch (IOException missing) {
            return null;
        }
    }

    /** length bytes at offset of name: from the cached copy, else the whole file is loaded and cached. */
    public byte[] getRange(String name, long offset, int length, Loader loader) throws IOException {
        if (enabled) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(root.resolve(name))) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, offset + buf.position()) < 0) throw new java.io.EOFException();
                }
                return buf.array();
            } catch (IOException missing) {
                // not cached yet (or truncated): load it again
            }
        }
        byte[] data = loader.load();
        put(name, data);
        if (offset + length > data.length) throw new java.io.EOFException(name + " is shorter than " + (offset + length) + " bytes");
        return java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + length);
    }

    public void put(String name, byte[] data) {
        if (!enabled) return;
        Path target = root.resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            enabled = false; // an unwritable cache only costs speed
        }
    }

    public void evict(String name) {
        if (!enabled) return;
        try {
            Files.deleteIfExists(root.resolve(name));
        } catch (IOException e) {
            enabled = false;
        }
    }

    /** Removes cached files under prefix (a directory) that are no longer in the repository. */
    public void retainOnly(String prefix, Set<String> names) {
        Path dir = enabled ? root.resolve(prefix) : null;
        if (dir == null || !Files.isDirectory(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !names.contains(root.relativize(p).toString().replace('\\', '/')))
                    .forEach(p -> evict(root.relativize(p).toString()));
        } catch (java.io.UncheckedIOException e) {
            // another process sharing the cache removed a file while it was walked: it cleans up as well
        } catch (IOException e) {
            enabled = false;
        }
    }
}
