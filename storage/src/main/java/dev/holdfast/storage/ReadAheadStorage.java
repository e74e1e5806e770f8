package dev.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * A decorator for remote backends that turns many small ranged reads of immutable blobs into a few
 * large ones: a small read of a blob that never changes (pack files, whose names are their content
 * hash) fetches the whole aligned block around it, and the next reads nearby are served from
 * memory. Restore reads each file's chunks with its own ranged read, from many threads, in about
 * the order they were packed, so a few blocks serve thousands of files. At most {@code maxBlocks}
 * blocks are kept (least recently used first out); when a block is fetched, the next one is
 * fetched alongside. Reads of half a block or more go straight through, as does everything on
 * other blobs.
 */
public final class ReadAheadStorage extends ForwardingStorage {
    private final Predicate<String> immutable;
    private final int blockSize;
    private final int maxBlocks;
    private final Map<String, CompletableFuture<byte[]>> blocks = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    /**
     * @param immutable which blob names never change once written (only those are cached)
     */
    public ReadAheadStorage(Storage delegate, Predicate<String> immutable, int blockSize, int maxBlocks) {
        super(delegate);
        this.immutable = immutable;
        this.blockSize = blockSize;
        this.maxBlocks = maxBlocks;
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        if (offset < 0 || length < 0 || length >= blockSize / 2 || !NameRules.isValid(name) || !immutable.test(name)) {
            return delegate.getRange(name, offset, length);
        }
        long size = size(name);
        if (offset > size - length) throw Ranges.eof(name, delegate.location(), size, offset, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            long index = pos / blockSize;
            byte[] block = block(name, index, size, true);
            int from = (int) (pos - index * blockSize);
            int n = Math.min(length - done, block.length - from);
            System.arraycopy(block, from, out, done, n);
            done += n;
        }
        return out;
    }

    private long size(String name) throws IOException {
        Long s = sizes.get(name);
        if (s != null) return s;
        long size = delegate.stat(name).orElseThrow(() -> new NotFoundException("blob " + name + " not found in " + location())).size();
        sizes.put(name, size);
        return size;
    }

    /** Block index of name: fetched once by the first thread that asks, awaited by the others. */
    private byte[] block(String name, long index, long size, boolean prefetchNext) throws IOException {
        String key = index + "@" + name;
        CompletableFuture<byte[]> f;
        boolean mine = false;
        synchronized (blocks) {
            f = blocks.get(key);
            if (f == null) {
                f = new CompletableFuture<>();
                blocks.put(key, f);
                mine = true;
                Iterator<CompletableFuture<byte[]>> it = blocks.values().iterator();
                while (blocks.size() > maxBlocks && it.hasNext()) {
                    it.next();
                    it.remove();
                }
            }
        }
        if (mine && prefetchNext && (index + 1) * blockSize < size) {
            // Restore moves forward through the packs: fetch the next block while this one is used.
            Thread.ofVirtual().start(() -> {
                try {
                    block(name, index + 1, size, false);
                } catch (IOException | RuntimeException ignored) {
                    // A reader that needs the block fetches it again and sees the error.
                }
            });
        }
        if (mine) {
            long start = index * blockSize;
            try {
                f.complete(delegate.getRange(name, start, (int) Math.min(blockSize, size - start)));
            } catch (IOException | RuntimeException e) {
                synchronized (blocks) {
                    blocks.remove(key, f);
                }
                f.completeExceptionally(e);
            }
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EOFException eof) throw new EOFException(eof.getMessage());
            if (e.getCause() instanceof NotFoundException nf) throw new NotFoundException(nf.getMessage());
            if (e.getCause() instanceof IOException io) throw new IOException(io.getMessage(), io);
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        }
    }






    @Override
    public void delete(String name) throws IOException {
        sizes.remove(name);
        synchronized (blocks) {
            blocks.keySet().removeIf(k -> k.endsWith("@" + name));
        }
        delegate.delete(name);
    }





    @Override
    public void close() throws IOException {
        synchronized (blocks) {
            blocks.clear();
        }
        delegate.close();
    }
}
