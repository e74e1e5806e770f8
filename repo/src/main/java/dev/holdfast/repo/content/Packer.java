package dev.holdfast.repo.content;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.repo.RepositoryCache;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.PackWriter;
import java.nio.file.Files;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Fills open packs, staged in files, uploads full packs on background threads
 * (at most {@code threads} packs waiting or uploading besides the open ones), then records them in index files: one after every
 * {@link #PACKS_PER_INDEX} packs and one at {@link #flush()}. Write order: a pack is in storage
 * before any index names it. Once a first pack has filled, data blobs go to one of several open
 * packs ({@link #DATA_LANES}), each with its own lock, so that threads adding blobs (which hashes
 * and writes them) seldom wait for each other; a small backup still makes one data pack, and tree
 * blobs, few and small, share one.
 */
final class Packer implements AutoCloseable {
    static final int PACKS_PER_INDEX = 64;
    private final Storage storage;
    private final Aead aead;
    private final RepositoryCache cache;
    private final int packSize;
    private final Consumer<BlobRef> onUploaded;
    static final int DATA_LANES = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Whether some pack has filled up: from then on data blobs spread over the lanes. */
    private volatile boolean filledOne;
    private final Map<BlobType, Lane[]> lanes = new EnumMap<>(BlobType.class);
    private final ExecutorService uploads;
    private final Semaphore slots;
    private final int slotCount;
    private final List<BlobRef> unsaved = new ArrayList<>();
    private int unsavedPacks;
    private volatile int packsPerIndex = PACKS_PER_INDEX;
    private volatile IOException failure;

    Packer(Storage storage, Aead aead, RepositoryCache cache, int packSize, int threads, Consumer<BlobRef> onUploaded) {
        this.storage = storage;
        this.aead = aead;
        this.cache = cache;
        this.packSize = packSize;
        this.onUploaded = onUploaded;
        this.uploads = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("upload-", 0).factory());
        this.slotCount = threads;
        this.slots = new Semaphore(slotCount);
        for (BlobType t : BlobType.values()) {
            Lane[] l = new Lane[t == BlobType.DATA ? DATA_LANES : 1];
            for (int i = 0; i < l.length; i++) l[i] = new Lane();
            lanes.put(t, l);
        }
    }

    /** One open pack (or none yet) and the lock of whoever adds to it. */
    private static final class Lane {
        final ReentrantLock lock = new ReentrantLock();
        StagedPack pack;

        /** Removes the open pack, if any. */
        StagedPack take() {
            lock.lock();
            try {
                StagedPack p = pack;
                pack = null;
                return p;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Once a pack has filled (a large backup), the first free lane of the type's, or else the
     * thread's own one, waiting for it; before, the first lane, so a small backup makes one pack.
     */
    private Lane lane(BlobType type) {
        Lane[] l = lanes.get(type);
        if (!filledOne) {
            l[0].lock.lock();
            return l[0];
        }
        for (Lane lane : l) {
            if (lane.lock.tryLock()) return lane;
        }
        int home = (int) (Thread.currentThread().threadId() % l.length);
        l[home].lock.lock();
        return l[home];
    }

    void add(Sealing.Sealed blob) throws IOException {
        add(blob.type(), blob.id(), blob.bytes(), blob.off(), blob.length(), blob.rawLength(), blob.compressed());
    }

    /** Adds the sealed blob in b[off, off+len). */
    void add(BlobType type, dev.holdfast.hash.Id id, byte[] b, int off, int len, int rawLength, boolean compressed) throws IOException {
        checkFailure();
        StagedPack full = null;
        Lane lane = lane(type);
        try {
            if (lane.pack == null) lane.pack = StagedPack.create(storage.stagingDirectory(), type);
            lane.pack.writer.add(type, id, b, off, len, rawLength, compressed);
            if (lane.pack.writer.size() >= packSize) {
                full = lane.pack;
                lane.pack = null;
                filledOne = true;
            }
        } finally {
            lane.lock.unlock();
        }
        if (full != null) submit(full);
    }

    /** Removes every open pack. */
    private List<StagedPack> takeOpen() {
        List<StagedPack> all = new ArrayList<>();
        for (Lane[] l : lanes.values()) {
            for (Lane lane : l) {
                StagedPack p = lane.take();
                if (p != null) all.add(p);
            }
        }
        return all;
    }

    private void submit(StagedPack w) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to upload a pack");
        }
        uploads.execute(() -> {
            try {
                if (failure == null) upload(w);
                else w.discard();
            } catch (IOException e) {
                fail(e);
            } catch (RuntimeException e) {
                fail(new IOException("uploading a pack failed: " + e, e));
            } finally {
                slots.release();
            }
        });
    }

    private void upload(StagedPack staged) throws IOException {
        PackWriter.Pack pack;
        String name;
        try {
            pack = staged.finish(aead);
            name = ContentStore.packName(pack.id());
            if (staged.writer.type() == BlobType.TREE) cache.put(name, Files.readAllBytes(staged.file));
            storage.putFile(name, staged.file);
        } catch (IOException | RuntimeException e) {
            staged.discard();
            throw e;
        }
        pack.blobs().forEach(onUploaded);
        boolean full;
        synchronized (unsaved) {
            unsaved.addAll(pack.blobs());
            full = ++unsavedPacks >= packsPerIndex;
        }
        if (full) saveIndex();
    }

    /** Writes an index file for the uploaded blobs not yet in one; they stay pending if that fails. */
    private void saveIndex() throws IOException {
        List<BlobRef> toSave;
        synchronized (unsaved) {
            toSave = new ArrayList<>(unsaved);
            unsaved.clear();
            unsavedPacks = 0;
        }
        if (toSave.isEmpty()) return;
        try {
            writeIndex(toSave);
        } catch (IOException | RuntimeException e) {
            synchronized (unsaved) {
                unsaved.addAll(0, toSave);
            }
            throw e;
        }
    }

    private void writeIndex(List<BlobRef> refs) throws IOException {
        byte[] file = Envelope.seal(aead, Envelope.INDEX, new IndexFile(List.of(), refs).encode(), false);
        String name = IndexFile.PREFIX + Hashes.sha256(file).hex();
        storage.put(name, file);
        cache.put(name, file);
    }

    void indexEvery(int packs) {
        if (packs < 1) throw new IllegalArgumentException("packs per index must be at least 1");
        packsPerIndex = packs;
    }

    /** Indexes blobs of packs already in storage (their index file is written at once). */
    void adopt(List<BlobRef> blobs) throws IOException {
        blobs.forEach(onUploaded);
        synchronized (unsaved) {
            unsaved.addAll(blobs);
        }
        saveIndex();
    }

    void flush() throws IOException {
        for (StagedPack w : takeOpen()) submit(w);
        try {
            slots.acquire(slotCount);
            slots.release(slotCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for uploads");
        }
        checkFailure();
        saveIndex();
    }

    private void fail(IOException e) {
        if (failure == null) failure = e;
    }

    private void checkFailure() throws IOException {
        IOException f = failure;
        if (f != null) throw new IOException(f.getMessage(), f);
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        takeOpen().forEach(StagedPack::discard);
    }
}
