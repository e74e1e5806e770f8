package dev.holdfast.storage;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A storage that forwards every call, for tests that override one method. */
class ForwardingStorage implements Storage {
    private final Storage delegate;

    ForwardingStorage(Storage delegate) {
        this.delegate = delegate;
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
    public void put(String name, byte[] data) throws IOException {
        delegate.put(name, data);
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
    public String location() {
        return delegate.location();
    }
}
