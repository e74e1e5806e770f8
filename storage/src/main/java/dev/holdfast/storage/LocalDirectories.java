package dev.holdfast.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.file.StandardOpenOption.READ;

/**
 * Creates the directories of a {@link LocalStorage} durably (each new directory's parent is
 * fsynced) and remembers which exist, so that a put into an existing directory costs no extra
 * system call. The memory is dropped when the filesystem disagrees with it.
 */
final class LocalDirectories {
    private final Path root;
    private final Set<Path> known = ConcurrentHashMap.newKeySet();

    LocalDirectories(Path root) {
        this.root = root;
    }

    /** Makes sure dir (root or below it) exists, creating it and its parents as needed. */
    void ensure(Path dir) throws IOException {
        if (known.contains(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            if (dir.equals(root)) {
                createRoot();
            } else {
                ensure(dir.getParent());
                try {
                    Files.createDirectory(dir);
                    fsync(dir.getParent());
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(dir)) {
                        throw new FileSystemException(dir.toString(), null,
                                "a blob of that name exists, it cannot also be a directory");
                    }
                }
            }
        }
        known.add(dir);
    }

    /** Renames source atomically onto target (replacing it) and fsyncs target's directory. */
    void moveInto(Path source, Path target) throws IOException {
        Path dir = target.getParent();
        ensure(dir);
        try {
            move(source, target);
        } catch (NoSuchFileException e) {
            if (!Files.exists(source)) {
                throw e;
            }
            forget();
            ensure(dir);
            move(source, target);
        }
        fsync(dir);
    }

    /** An atomic rename whose errors name the target, not the temporary file. */
    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            FileSystemException named = new FileSystemException(target.toString(), null,
                    LocalStorage.reason(e, false));
            named.initCause(e);
            throw named;
        }
    }

    /** Forgets every directory, for when one was removed behind our back. */
    void forget() {
        known.clear();
    }

    /** Flushes a directory's entries to stable storage. */
    static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, READ)) {
            ch.force(true);
        }
    }

    private void createRoot() throws IOException {
        Path missing = root;
        while (missing.getParent() != null && !Files.isDirectory(missing.getParent())) {
            missing = missing.getParent();
        }
        Files.createDirectories(root);
        if (missing.getParent() != null) {
            fsync(missing.getParent());
        }
    }
}
