package dev.holdfast.storage;

import java.io.IOException;
import java.util.List;

/**
 * Opens repositories of one or more URL schemes ({@code sftp}, {@code s3}, {@code rest}). Found
 * with {@link java.util.ServiceLoader}: a backend module lists its provider in
 * {@code META-INF/services/dev.holdfast.storage.StorageProvider}, and {@link Backends} picks the
 * one whose scheme prefixes the location. Plain paths are local directories.
 */
public interface StorageProvider {

    /** The schemes this provider opens, without the colon, for example {@code sftp}. */
    List<String> schemes();

    /** The names of the settings ({@code -o name=value}) this provider reads, so a misspelt one can be refused. */
    java.util.Set<String> settings();

    /**
     * Opens (connects to) the storage at location, which starts with one of {@link #schemes()}
     * and a colon. Fails with a clear message naming the location when it cannot be reached.
     */
    Storage open(String location, StorageOptions options) throws IOException;
}
