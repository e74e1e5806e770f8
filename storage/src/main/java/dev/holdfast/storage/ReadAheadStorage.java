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
 * memory: for readers that make many small ranged reads in about the order blobs were packed
 * (restore plans its own large reads by pack and does not need it; it is off unless
 * {@code -o read-ahead=SIZE} asks for it). At most {@code maxBlocks}
 * blocks are kept (least recently used first out); while a block is read, the next
 * {@value #AHEAD} are fetched. Reads of half a block or more go straight through, as does
 * everything on other blobs.
 */
public final class ReadAheadStorage extends ForwardingStorage {
    /** Blocks fetched ahead of the one being read. */
    static final int AHEAD = 2;
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
        if (bypass(name, offset, length)) return delegate.getRange(name, offset, length);
        byte[] out = new byte[length];
        fromBlocks(name, offset, out, 0, length);
        return out;
    }

    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(off, length, buf.length);
        if (bypass(name, offset, length)) delegate.read(name, offset, buf, off, length);
        else fromBlocks(name, offset, buf, off, length);
    }

    /** Whether a read goes straight through: a large one, or one of a blob that may change. */
    private boolean bypass(String name, long offset, int length) {
        return offset < 0 || length < 0 || length >= blockSize / 2 || !NameRules.isValid(name) || !immutable.test(name);
    }

    private void fromBlocks(String name, long offset, byte[] out, int off, int length) throws IOException {
        long size = size(name);
        if (offset > size - length) throw Ranges.eof(name, delegate.location(), size, offset, length);
        int done = 0;
        while (done < length) {
            long pos = offset + done;
            long index = pos / blockSize;
            byte[] block = block(name, index, size);
            int from = (int) (pos - index * blockSize);
            int n = Math.min(length - done, block.length - from);
            System.arraycopy(block, from, out, off + done, n);
            done += n;
        }
    }

    private long size(String name) throws IOException {
        Long s = sizes.get(name);
        if (s != null) return s;
        long size = delegate.stat(name).orElseThrow(() -> new NotFoundException("file " + name + " not found in " + location())).size();
        sizes.put(name, size);
        return size;
    }

    /**
     * Block index of name, fetched once by the first thread that asks and awaited by the others;
     * the next {@value #AHEAD} blocks are fetched in the background meanwhile, since restore moves
     * forward through the packs.
     */
    private byte[] block(String name, long index, long size) throws IOException {
        Fetch mine = claim(name, index);
        for (int ahead = 1; ahead <= AHEAD && (index + ahead) * blockSize < size; ahead++) {
            Fetch next = claim(name, index + ahead);
            if (next.owner) Thread.ofVirtual().start(() -> fetch(name, next, size));
        }
        if (mine.owner) fetch(name, mine, size);
        try {
            return mine.future.get();
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

    /** A block's future; owner is true for the one caller that must fetch it. */
    private record Fetch(String key, long index, CompletableFuture<byte[]> future, boolean owner) {}

    private Fetch claim(String name, long index) {
        String key = index + "@" + name;
        synchronized (blocks) {
            CompletableFuture<byte[]> f = blocks.get(key);
            if (f != null) return new Fetch(key, index, f, false);
            f = new CompletableFuture<>();
            blocks.put(key, f);
            Iterator<CompletableFuture<byte[]>> it = blocks.values().iterator();
            while (blocks.size() > maxBlocks && it.hasNext()) {
                it.next();
                it.remove();
            }
            return new Fetch(key, index, f, true);
        }
    }

    /** Reads the block; a failure is handed to every waiter and the block forgotten, so a later read tries again. */
    private void fetch(String name, Fetch b, long size) {
        long start = b.index() * blockSize;
        try {
            b.future().complete(delegate.getRange(name, start, (int) Math.min(blockSize, size - start)));
        } catch (IOException | RuntimeException e) {
            synchronized (blocks) {
                blocks.remove(b.key(), b.future());
            }
            b.future().completeExceptionally(e);
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
