package dev.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A mirror set: every blob is written to all of N storages (in parallel; a put succeeds only when
 * every copy is in place), and reads go to the first storage, in the order given, that answers:
 * one that fails, or does not have the blob, is skipped for the next. A delete removes every copy.
 * Listing comes from the first storage that answers. Used for replicas inside one repository,
 * for example a local disk and an SFTP server.
 */
public final class MirrorStorage implements Storage {
    private interface Read<T> {
        T run(Storage s) throws IOException;
    }

    private interface Write {
        void run(Storage s) throws IOException;
    }

    private final List<Storage> members;
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    public MirrorStorage(List<Storage> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("a mirror set needs at least one storage");
        this.members = List.copyOf(members);
    }

    /** The first answer; NotFound only when no member has the blob; else the first member's error. */
    private <T> T read(String name, Read<T> op) throws IOException {
        NameRules.check(name);
        IOException first = null;
        NotFoundException notFound = null;
        for (Storage s : members) {
            try {
                return op.run(s);
            } catch (NotFoundException e) {
                if (notFound == null) notFound = e;
            } catch (EOFException e) {
                throw e;
            } catch (IOException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
        throw notFound;
    }

    /** Runs op on every member at once; the first error (others suppressed) after all have finished. */
    private void writeAll(Write op) throws IOException {
        if (members.size() == 1) {
            op.run(members.getFirst());
            return;
        }
        List<Future<?>> done = new ArrayList<>();
        for (Storage s : members) {
            done.add(writers.submit(() -> {
                op.run(s);
                return null;
            }));
        }
        IOException error = null;
        for (Future<?> f : done) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing to " + location());
            } catch (ExecutionException e) {
                IOException io = e.getCause() instanceof IOException x ? x : new IOException(e.getCause().toString(), e.getCause());
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (error == null) error = io;
                else error.addSuppressed(io);
            }
        }
        if (error != null) throw error;
    }

    @Override
    public byte[] get(String name) throws IOException {
        return read(name, s -> s.get(name));
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        return read(name, s -> s.getRange(name, offset, length));
    }

    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        java.util.Objects.checkFromIndexSize(off, length, buf.length);
        read(name, s -> {
            s.read(name, offset, buf, off, length);
            return null;
        });
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        NameRules.check(name);
        java.util.Objects.requireNonNull(data, "data");
        writeAll(s -> s.put(name, data));
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        NameRules.check(name);
        writeAll(s -> s.put(name, data, length));
    }

    @Override
    public Path stagingDirectory() throws IOException {
        return members.getFirst().stagingDirectory();
    }

    /** Each member but the first gets a copy of the file in its own staging directory; the first gets the file. */
    @Override
    public void putFile(String name, Path file) throws IOException {
        NameRules.check(name);
        List<Path> copies = new ArrayList<>();
        try {
            for (Storage s : members.subList(1, members.size())) {
                Path copy = s.stagingDirectory().resolve("mirror-" + UUID.randomUUID());
                Files.copy(file, copy);
                copies.add(copy);
            }
            writeAll(s -> {
                int i = members.indexOf(s);
                s.putFile(name, i == 0 ? file : copies.get(i - 1));
            });
        } finally {
            for (Path c : copies) Files.deleteIfExists(c);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        NameRules.check(name);
        int[] missing = {0};
        writeAll(s -> {
            try {
                s.delete(name);
            } catch (NotFoundException e) {
                synchronized (missing) {
                    missing[0]++;
                }
            }
        });
        if (missing[0] == members.size()) throw new NotFoundException("file " + name + " not found in " + location());
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        IOException first = null;
        for (Storage s : members) {
            try {
                return s.list(prefix);
            } catch (IOException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        throw first;
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        try {
            return Optional.of(read(name, s -> s.stat(name).orElseThrow(() -> new NotFoundException(name))));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void create() throws IOException {
        writeAll(Storage::create);
    }

    @Override
    public String deletionsRefused() {
        return members.stream().map(Storage::deletionsRefused).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    @Override
    public String location() {
        return "mirror of " + String.join(", ", members.stream().map(Storage::location).toList());
    }

    @Override
    public void close() throws IOException {
        writers.shutdown();
        IOException error = null;
        for (Storage s : members) {
            try {
                s.close();
            } catch (IOException e) {
                if (error == null) error = e;
            }
        }
        if (error != null) throw error;
    }
}
