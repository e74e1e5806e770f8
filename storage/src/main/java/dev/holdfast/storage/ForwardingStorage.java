package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A decorator base that forwards every call to another storage; subclasses override what they change. */
public abstract class ForwardingStorage implements Storage {
    protected final Storage delegate;

    protected ForwardingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String deletionsRefused() {
        return delegate.deletionsRefused();
    }

    @Override
    public byte[] get(String name) throws IOException {
        return delegate.get(name);
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        return delegate.getRange(name, offset, length);
    }

    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        delegate.read(name, offset, buf, off, length);
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        delegate.put(name, data);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        delegate.put(name, data, length);
    }

    @Override
    public Path stagingDirectory() throws IOException {
        return delegate.stagingDirectory();
    }

    @Override
    public void putFile(String name, Path file) throws IOException {
        delegate.putFile(name, file);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        return delegate.stat(name);
    }

    @Override
    public void create() throws IOException {
        delegate.create();
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
