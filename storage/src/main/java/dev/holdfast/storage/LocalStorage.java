package dev.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static java.nio.file.StandardOpenOption.READ;

/**
 * A {@link Storage} in a directory of the local filesystem. Blob {@code a/b/c} is the file
 * {@code root/a/b/c}; parent directories are created on demand and the root itself on the first
 * put. {@code root/tmp/} holds files being written; it never appears in {@link #list}.
 *
 * <p>A put writes a unique temporary file, fsyncs it, renames it atomically onto the final name and
 * fsyncs the directory (and every directory it had to create), so a crash at any instant leaves
 * either the old blob or the new one, plus at worst a stale temporary file that
 * {@link #removeStaleTemporaryFiles} removes. A delete fsyncs the directory too.
 *
 * <p>The filesystem cannot hold both a blob {@code a} and a blob {@code a/b}; the second put fails.
 */
public final class LocalStorage implements Storage {
    /** Largest slice handed to one read or write call, to bound the JDK's direct buffer cache. */
    static final int IO_CHUNK = 256 * 1024;
    private static final int MAX_BLOB = Integer.MAX_VALUE - 16;

    private final Path root;
    private final String location;
    private final LocalDirectories dirs;
    private final LocalTempFiles temps;

    /** A storage in root, which is created on the first put. */
    public LocalStorage(Path root) {
        this(root, Clock.systemUTC());
    }

    /** A storage in root; clock decides which temporary files are stale. */
    public LocalStorage(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.location = this.root.toString();
        this.dirs = new LocalDirectories(this.root);
        this.temps = new LocalTempFiles(this.root.resolve(NameRules.RESERVED), dirs, clock);
    }

    /** The directory holding the blobs. */
    public Path root() {
        return root;
    }

    @Override
    public byte[] get(String name) throws IOException {
        Path file = file(name);
        try (FileChannel ch = open(name, file)) {
            long size = ch.size();
            if (size > MAX_BLOB) {
                throw new IOException("reading " + name + " from " + location + ": file of "
                        + size + " bytes is too large for one read");
            }
            if (size == 0) {
                requireNotDirectory(name, file);
            }
            byte[] out = new byte[(int) size];
            readFully(name, file, ch, out, 0, out.length, 0);
            return out;
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        Ranges.check(offset, length);
        byte[] out = new byte[length];
        read(name, offset, out, 0, length);
        return out;
    }

    @Override
    public void read(String name, long offset, byte[] out, int off, int length) throws IOException {
        Ranges.check(offset, length);
        java.util.Objects.checkFromIndexSize(off, length, out.length);
        Path file = file(name);
        try (FileChannel ch = open(name, file)) {
            long size = ch.size();
            if (Ranges.beyondEnd(size, offset, length)) {
                requireNotDirectory(name, file);
                throw Ranges.eof(name, location, size, offset, length);
            }
            if (length == 0) {
                requireNotDirectory(name, file);
            }
            readFully(name, file, ch, out, off, length, offset);
        }
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        put(name, data, data.length);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        Path file = file(name);
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(0, length, data.length);
        Path temp = null;
        try {
            temp = temps.write(data, length);
            dirs.moveInto(temp, file);
            temp = null;
        } catch (IOException | RuntimeException e) {
            if (temp != null) {
                temps.discard(temp, e);
            }
            if (e instanceof IOException io) {
                throw new IOException("writing " + name + " to " + location + ": " + reason(io), io);
            }
            throw e;
        }
    }

    /** {@code root/tmp/}: a file staged there is moved into place, not copied. */
    @Override
    public Path stagingDirectory() throws IOException {
        Path dir = root.resolve(NameRules.RESERVED);
        dirs.ensure(dir);
        return dir;
    }

    @Override
    public void putFile(String name, Path file) throws IOException {
        Path target = file(name);
        if (!root.resolve(NameRules.RESERVED).equals(file.getParent())) {
            Storage.super.putFile(name, file);
            return;
        }
        try {
            try (FileChannel ch = FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(false);
            }
            dirs.moveInto(file, target);
        } catch (IOException e) {
            temps.discard(file, e);
            throw new IOException("writing " + name + " to " + location + ": " + reason(e), e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Path file = file(name);
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                throw notFound(name);
            }
            Files.delete(file);
            LocalDirectories.fsync(file.getParent());
        } catch (NotFoundException e) {
            throw e;
        } catch (IOException e) {
            if (isMissing(e, file)) {
                throw notFound(name);
            }
            throw new IOException("deleting " + name + " from " + location + ": " + reason(e), e);
        }
    }

    /** Deletes the files, then fsyncs each directory once: one journal commit covers them all. */
    @Override
    public void deleteAll(java.util.Collection<String> names) throws IOException {
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
        for (String name : names) {
            Path file = file(name);
            try {
                if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) continue;
                Files.delete(file);
                dirs.add(file.getParent());
            } catch (IOException e) {
                if (isMissing(e, file)) continue;
                throw new IOException("deleting " + name + " from " + location + ": " + reason(e), e);
            }
        }
        for (Path dir : dirs) {
            try {
                LocalDirectories.fsync(dir);
            } catch (IOException e) {
                throw new IOException("deleting files in " + dir + ": " + reason(e), e);
            }
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        try {
            return LocalLister.list(root, prefix);
        } catch (IOException e) {
            throw new IOException("listing " + prefix + "* in " + location + ": " + reason(e), e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        Path file = file(name);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new BlobInfo(name, a.size())) : Optional.empty();
        } catch (IOException e) {
            if (isMissing(e, file)) {
                return Optional.empty();
            }
            throw new IOException("reading " + name + " in " + location + ": " + reason(e), e);
        }
    }

    /**
     * Removes temporary files left behind by writers that died, that is those last modified more
     * than olderThan ago (a live writer's temporary file is younger than that).
     * @return how many files were removed
     */
    public int removeStaleTemporaryFiles(Duration olderThan) throws IOException {
        try {
            return temps.removeOlderThan(olderThan);
        } catch (IOException e) {
            throw new IOException("removing stale temporary files in " + location + ": "
                    + reason(e), e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public String toString() {
        return "LocalStorage[" + location + "]";
    }

    private Path file(String name) {
        return root.resolve(NameRules.check(name));
    }

    private FileChannel open(String name, Path file) throws IOException {
        try {
            return FileChannel.open(file, READ);
        } catch (IOException e) {
            if (isMissing(e, file)) {
                throw notFound(name);
            }
            throw new IOException("reading " + name + " from " + location + ": " + reason(e), e);
        }
    }

    private void readFully(String name, Path file, FileChannel ch, byte[] out, int off, int length, long position)
            throws IOException {
        int done = 0;
        try {
            while (done < length) {
                int n = ch.read(ByteBuffer.wrap(out, off + done, Math.min(IO_CHUNK, length - done)),
                        position + done);
                if (n < 0) {
                    throw new EOFException("file " + name + " in " + location
                            + " was truncated while being read");
                }
                done += n;
            }
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw notFound(name);
            }
            throw new IOException("reading " + name + " from " + location + ": " + reason(e), e);
        }
    }

    /**
     * Opening a directory for reading succeeds on Linux and only a read fails, so where no read
     * happens a directory (the prefix of other blobs' names) must be recognised explicitly.
     */
    private void requireNotDirectory(String name, Path file) throws NotFoundException {
        if (Files.isDirectory(file)) {
            throw notFound(name);
        }
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("file " + name + " not found in " + location);
    }

    /** True if e means there is no such file (including "a path component is not a directory"). */
    private static boolean isMissing(IOException e, Path file) {
        if (e instanceof NoSuchFileException) {
            return true;
        }
        return e instanceof FileSystemException && !(e instanceof AccessDeniedException)
                && !Files.exists(file);
    }

    /** The cause of an I/O error in a few words, for example "No space left on device". */
    static String reason(IOException e) {
        return reason(e, true);
    }

    /** The cause of an I/O error, with or without the file it concerns. */
    static String reason(IOException e, boolean withFile) {
        if (e instanceof FileSystemException fse) {
            String why = fse.getReason();
            if (why == null) {
                why = e instanceof AccessDeniedException ? "Permission denied"
                        : e instanceof NoSuchFileException ? "No such file or directory"
                        : e instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way (not a directory)"
                        : e.getClass().getSimpleName();
            }
            return !withFile || fse.getFile() == null ? why : why + ": " + fse.getFile();
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }
}
