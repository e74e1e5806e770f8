package dev.holdfast.repo;

import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A storage decorator that records the names of successful puts in the order they completed. */
public final class RecordingStorage implements Storage {
    private final Storage delegate;
    private final List<String> puts = new ArrayList<>();

    public RecordingStorage(Storage delegate) {
        this.delegate = delegate;
    }

    /** Names of the successful puts so far, in completion order. */
    public synchronized List<String> puts() {
        return List.copyOf(puts);
    }

    @Override public byte[] get(String name) throws IOException { return delegate.get(name); }

    @Override public byte[] getRange(String name, long offset, int length) throws IOException {
        return delegate.getRange(name, offset, length);
    }

    @Override public void put(String name, byte[] data) throws IOException {
        delegate.put(name, data);
        synchronized (this) {
            puts.add(name);
        }
    }

    @Override public void delete(String name) throws IOException { delegate.delete(name); }

    @Override public List<BlobInfo> list(String prefix) throws IOException { return delegate.list(prefix); }

    @Override public Optional<BlobInfo> stat(String name) throws IOException { return delegate.stat(name); }

    @Override public String location() { return delegate.location(); }

    /** Every name put so far, without duplicates, in first-put order. */
    public synchronized List<String> distinctPuts() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(puts));
    }
}
