package dev.holdfast.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A flat namespace of named, immutable blobs. Names are relative, '/'-separated, made of
 * [A-Za-z0-9._-] segments (for example {@code data/3f/3f9a...}, {@code config}). Every
 * implementation (local disk, in-memory, SFTP, S3, HTTP) passes the shared contract suite.
 *
 * <p>Thread-safe: every method may be called from many threads at once.
 */
public interface Storage extends AutoCloseable {

    /** Reads the whole blob. @throws NotFoundException if there is no blob of that name */
    byte[] get(String name) throws IOException;

    /**
     * Reads {@code length} bytes starting at {@code offset}.
     * @throws NotFoundException if there is no blob of that name
     * @throws java.io.EOFException if the blob is shorter than offset + length
     */
    byte[] getRange(String name, long offset, int length) throws IOException;

    /**
     * Reads {@code length} bytes starting at {@code offset} into buf[off, off+length), as
     * {@link #getRange} does; backends that can read in place do so without allocating.
     */
    default void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(off, length, buf.length);
        System.arraycopy(getRange(name, offset, length), 0, buf, off, length);
    }

    /**
     * Stores a blob atomically: readers see either no blob or the whole of it, never a part, and
     * once put returns the blob is durable (fsynced where the medium allows). An existing blob of
     * the same name is replaced atomically. On failure nothing of the new blob is visible.
     */
    void put(String name, byte[] data) throws IOException;

    /**
     * Stores data[0, length) as {@link #put(String, byte[])} does; implementations that can write
     * a prefix of an array directly avoid the copy.
     */
    default void put(String name, byte[] data, int length) throws IOException {
        put(name, data.length == length ? data : java.util.Arrays.copyOf(data, length));
    }

    /**
     * A local directory where callers stage files for {@link #putFile}: the backend's own
     * temporary directory when it has one (then putFile can move the file instead of copying it).
     */
    default java.nio.file.Path stagingDirectory() throws IOException {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Stores the content of a local file as a blob, as {@link #put(String, byte[])} does, and
     * removes the file. Lets large blobs be assembled on disk rather than in memory.
     */
    default void putFile(String name, java.nio.file.Path file) throws IOException {
        put(name, java.nio.file.Files.readAllBytes(file));
        java.nio.file.Files.delete(file);
    }

    /** Deletes a blob. @throws NotFoundException if there is no blob of that name */
    void delete(String name) throws IOException;

    /**
     * Deletes those of names that exist; the others are skipped. A storage may do it more cheaply
     * than one {@link #delete} after another: the local one syncs each directory once, after all
     * its deletions, instead of after each.
     */
    default void deleteAll(java.util.Collection<String> names) throws IOException {
        for (String n : names) {
            try {
                delete(n);
            } catch (NotFoundException e) {
                // already gone
            }
        }
    }

    /** Every blob whose name starts with prefix, sorted by name. Temporary files never appear. */
    List<BlobInfo> list(String prefix) throws IOException;

    /** Size of one blob, or empty when it does not exist. */
    Optional<BlobInfo> stat(String name) throws IOException;

    /**
     * Prepares the location for a new repository, for example creates the S3 bucket when it does
     * not exist. Called once by {@code init}; does nothing where the first put creates what is
     * needed (a local directory).
     */
    default void create() throws IOException {}

    /**
     * Why this storage refuses deletions and overwrites to its user, or null when it allows them:
     * a repository server that gives the user the read or append role. Commands that delete
     * (prune, forget, key remove) ask first, so they never stop halfway.
     */
    default String deletionsRefused() {
        return null;
    }

    /** A human-readable location for messages, for example {@code /srv/repo} or {@code s3:...}. */
    String location();

    @Override
    default void close() throws IOException {}
}
