package dev.holdfast.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The temporary files of a {@link LocalStorage}, in {@code root/tmp/}. Names are
 * {@code <pid>-<random>-<counter>.tmp}, unique across processes (even in containers where every
 * process is pid 1) and storage instances, and created with O_EXCL so two writers never share one.
 */
final class LocalTempFiles {
    static final String SUFFIX = ".tmp";

    private final Path dir;
    private final LocalDirectories dirs;
    private final Clock clock;
    private final String stem;
    private final AtomicLong counter = new AtomicLong();

    LocalTempFiles(Path dir, LocalDirectories dirs, Clock clock) {
        this.dir = dir;
        this.dirs = dirs;
        this.clock = clock;
        this.stem = ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + "-";
    }

    /**
     * Writes data to a new temporary file and fsyncs it. On failure the file is removed.
     * @return the file
     */
    Path write(byte[] data, int length) throws IOException {
        Path temp = dir.resolve(stem + counter.incrementAndGet() + SUFFIX);
        FileChannel ch = create(temp);
        try (ch) {
            int done = 0;
            while (done < length) {
                int n = Math.min(LocalStorage.IO_CHUNK, length - done);
                done += ch.write(ByteBuffer.wrap(data, done, n));
            }
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            discard(temp, e);
            throw e;
        }
        return temp;
    }

    /** Removes a temporary file after a failure, recording any trouble on that failure. */
    void discard(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes temporary files last modified more than age ago; returns how many. */
    int removeOlderThan(Duration age) throws IOException {
        Instant cutoff = clock.instant().minus(age);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(p)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // removed concurrently
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        }
        return removed;
    }

    private FileChannel create(Path temp) throws IOException {
        dirs.ensure(dir);
        try {
            return FileChannel.open(temp, CREATE_NEW, WRITE);
        } catch (NoSuchFileException e) {
            dirs.forget();
            dirs.ensure(dir);
            return FileChannel.open(temp, CREATE_NEW, WRITE);
        }
    }
}
