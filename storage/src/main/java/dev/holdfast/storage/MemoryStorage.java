package dev.holdfast.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Storage} held in memory, for tests and for other modules' fakes. Thread-safe; arrays are
 * copied on put and on get, so callers can never alter a stored blob. Same name rules and errors
 * as every other implementation.
 */
public final class MemoryStorage implements Storage {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ConcurrentSkipListMap<String, byte[]> blobs = new ConcurrentSkipListMap<>();
    private final String location = "memory:" + INSTANCES.incrementAndGet();

    @Override
    public byte[] get(String name) throws IOException {
        return find(name).clone();
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        Ranges.check(offset, length);
        byte[] data = find(name);
        if (Ranges.beyondEnd(data.length, offset, length)) {
            throw Ranges.eof(name, location, data.length, offset, length);
        }
        int from = (int) offset;
        byte[] out = new byte[length];
        System.arraycopy(data, from, out, 0, length);
        return out;
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        NameRules.check(name);
        Objects.requireNonNull(data, "data");
        blobs.put(name, data.clone());
    }

    @Override
    public void delete(String name) throws IOException {
        NameRules.check(name);
        if (blobs.remove(name) == null) {
            throw notFound(name);
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        List<BlobInfo> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : blobs.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.add(new BlobInfo(e.getKey(), e.getValue().length));
        }
        return out;
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        NameRules.check(name);
        byte[] data = blobs.get(name);
        return data == null ? Optional.empty() : Optional.of(new BlobInfo(name, data.length));
    }

    @Override
    public String location() {
        return location;
    }

    /** Number of blobs stored. */
    public int size() {
        return blobs.size();
    }

    /** Sum of the sizes of all blobs, in bytes. */
    public long totalBytes() {
        return blobs.values().stream().mapToLong(b -> b.length).sum();
    }

    private byte[] find(String name) throws NotFoundException {
        NameRules.check(name);
        byte[] data = blobs.get(name);
        if (data == null) {
            throw notFound(name);
        }
        return data;
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("file " + name + " not found in " + location);
    }
}
