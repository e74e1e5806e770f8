package dev.holdfast.engine.copy;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies data blobs as they are stored (no re-chunking, no recompression) from the source to the
 * target: grouped by source pack, read with ranged reads of adjacent blobs, several packs at once,
 * each blob verified before it is sealed again under the target's key. The target's packer
 * uploads in parallel and bounds what waits, so memory stays at a few ranged reads per thread.
 */
final class BlobTransfer implements AutoCloseable {
    private final SourceReader reader;
    private final ContentStore target;
    private final ExecutorService pool;
    private final Map<Id, String> damaged = new ConcurrentHashMap<>();
    final AtomicLong blobsSent = new AtomicLong(), bytesSent = new AtomicLong();

    BlobTransfer(SourceReader reader, ContentStore target, int threads) {
        this.reader = reader;
        this.target = target;
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("copy-read-", 0).factory());
    }

    /** The problem found with a blob in this run, or null. */
    String problem(Id id) {
        return damaged.get(id);
    }

    /** Copies the blobs; those that fail verification are left out and remembered (see {@link #problem}). */
    void copy(List<BlobRef> blobs) throws IOException {
        await(start(blobs));
    }

    /** Starts copying the blobs on the reader threads; wait for the returned tasks with {@link #await}. */
    List<Future<?>> start(List<BlobRef> blobs) {
        Map<Id, List<BlobRef>> byPack = new LinkedHashMap<>();
        for (BlobRef b : blobs) byPack.computeIfAbsent(b.pack(), k -> new ArrayList<>()).add(b);
        List<Future<?>> futures = new ArrayList<>(byPack.size());
        for (List<BlobRef> inPack : byPack.values()) {
            inPack.sort(Comparator.comparingLong(BlobRef::offset));
            futures.add(pool.submit(() -> {
                reader.read(inPack, (ref, v, problem) -> {
                    if (v == null) {
                        damaged.put(ref.id(), problem);
                        return;
                    }
                    long added = target.putPayload(ref.type(), ref.id(), v.payload(), ref.rawLength(), ref.compressed());
                    if (added > 0) {
                        blobsSent.incrementAndGet();
                        bytesSent.addAndGet(added);
                    }
                });
                return null;
            }));
        }
        return futures;
    }

    static void await(List<? extends Future<?>> futures) throws IOException {
        try {
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
