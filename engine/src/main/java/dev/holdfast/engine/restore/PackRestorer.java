package dev.holdfast.engine.restore;

import dev.holdfast.hash.Id;
import dev.holdfast.memory.ScratchBuffer;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.repo.tree.Node;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes file contents pack by pack. Files are gathered in batches (up to {@link #BATCH_FILES}
 * files or {@link #BATCH_BYTES} of content); the chunks a batch needs are grouped by the pack that
 * holds them, and each pack's needed span is fetched with a few large ranged reads (chunks less
 * than {@link #MAX_GAP} apart are joined, the gap read through, up to {@link #MAX_RANGE} a read)
 * on the pool's threads. Every chunk is authenticated as it is decrypted and then written, with
 * pwrite, to every place of every file that needs it, in whatever order the reads finish. A file
 * is created at its first write and gets its metadata when its last chunk is written; sparse files
 * get their holes back. Memory stays bounded: at most {@link #FILES_IN_FLIGHT} files are planned
 * or being written, and each thread keeps one read buffer of at most {@link #MAX_RANGE}.
 */
final class PackRestorer {
    /** Largest ranged read (a larger chunk is read alone), and the read buffer kept per thread. */
    static final int MAX_RANGE = 4 << 20;
    /** Chunks of one pack closer than this are fetched with one read (the gap is read and dropped). */
    static final int MAX_GAP = 256 << 10;
    static final int BATCH_FILES = 256;
    static final long BATCH_BYTES = 64L << 20;
    /** Files planned or being written at once (bounds memory and open files). */
    static final int FILES_IN_FLIGHT = 3 * BATCH_FILES;
    /** Largest decrypted or decompressed chunk buffer kept per thread. */
    private static final int MAX_BLOB_BUFFER = 2 << 20;

    private final ContentStore store;
    private final Executor pool;
    private final MetadataWriter metadata;
    private final List<String> errors;
    private final AtomicLong bytes;
    private final AtomicLong files;
    private final Semaphore slots = new Semaphore(FILES_IN_FLIGHT);
    /** The batch being gathered: for each pack, in the order first needed, the chunk uses in it. */
    private final Map<Id, List<Use>> batch = new LinkedHashMap<>();
    private int batchFiles;
    private long batchBytes;

    private record Buffers(ScratchBuffer read, Sealing.Buffers blobs) {
        Buffers() {
            this(new ScratchBuffer(MAX_RANGE), new Sealing.Buffers(MAX_BLOB_BUFFER));
        }
    }

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** One place a chunk goes: the file and the offset in its data stream (before holes). */
    private record Use(BlobRef ref, PendingFile file, long at) {}

    /** One ranged read of a pack and the chunk uses it serves, by offset. */
    private record Range(Id pack, long start, int length, List<Use> uses) {}

    PackRestorer(ContentStore store, Executor pool, MetadataWriter metadata, List<String> errors, AtomicLong bytes, AtomicLong files) {
        this.store = store;
        this.pool = pool;
        this.metadata = metadata;
        this.errors = errors;
        this.bytes = bytes;
        this.files = files;
    }

    /** Plans a regular file's content; it is written by the pool's threads (after {@link #flush()} at the latest). */
    void add(byte[] out, String shown, Node n) throws IOException {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
        PendingFile f = new PendingFile(out, shown, n);
        List<Use> uses = new ArrayList<>(n.content().size());
        long at = 0;
        for (Id id : n.content()) {
            BlobRef ref = store.locate(BlobType.DATA, id);
            if (ref == null) {
                f.abandon("chunk " + id.shortHex() + " is missing from the repository");
                return;
            }
            uses.add(new Use(ref, f, at));
            at += ref.rawLength();
        }
        if (at > f.place.capacity()) {
            f.abandon("file content is longer than its recorded extents");
            return;
        }
        f.plan(uses.size(), f.place.end(at));
        if (uses.isEmpty()) {
            pool.execute(f::complete);
            return;
        }
        for (Use u : uses) batch.computeIfAbsent(u.ref().pack(), k -> new ArrayList<>()).add(u);
        batchBytes += at;
        if (++batchFiles >= BATCH_FILES || batchBytes >= BATCH_BYTES) flush();
    }

    /** Hands the batch gathered so far to the pool, one task per ranged read. */
    void flush() {
        for (Map.Entry<Id, List<Use>> e : batch.entrySet()) {
            for (Range r : ranges(e.getKey(), e.getValue())) pool.execute(() -> read(r));
        }
        batch.clear();
        batchFiles = 0;
        batchBytes = 0;
    }

    /** Splits one pack's uses into ranged reads, each covering uses of nearby chunks. */
    static List<Range> ranges(Id pack, List<Use> uses) {
        List<Use> sorted = new ArrayList<>(uses);
        sorted.sort(Comparator.comparingLong(u -> u.ref().offset()));
        List<Range> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            BlobRef first = sorted.get(i).ref();
            long start = first.offset();
            long end = start + first.length();
            int j = i + 1;
            while (j < sorted.size()) {
                BlobRef r = sorted.get(j).ref();
                long e = Math.max(end, r.offset() + r.length());
                if (r.offset() - end > MAX_GAP || e - start > MAX_RANGE) break;
                end = e;
                j++;
            }
            out.add(new Range(pack, start, (int) (end - start), List.copyOf(sorted.subList(i, j))));
            i = j;
        }
        return out;
    }

    private void read(Range r) {
        Buffers b = buffers.get();
        byte[] buf = b.read().atLeast(r.length());
        try {
            store.storage().read(ContentStore.packName(r.pack()), r.start(), buf, 0, r.length());
        } catch (IOException | RuntimeException e) {
            for (Use u : r.uses()) u.file().done(message(e));
            return;
        }
        BlobRef opened = null;
        byte[] plain = null;
        String damaged = null;
        for (Use u : r.uses()) {
            if (!u.ref().equals(opened)) {
                opened = u.ref();
                try {
                    plain = store.open(u.ref(), buf, (int) (u.ref().offset() - r.start()), b.blobs());
                    damaged = null;
                } catch (IOException | RuntimeException e) {
                    damaged = message(e);
                }
            }
            if (damaged != null) u.file().done(damaged);
            else u.file().write(plain, u.ref().rawLength(), u.at());
        }
    }

    private static String message(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * A file being restored: created at its first write, completed (size, metadata, closed) when
     * every chunk use has been written or has failed. The first failure is reported, once.
     */
    private final class PendingFile {
        final byte[] out;
        final String shown;
        final Node node;
        final Placement place;
        private int fd = -1;
        private int remaining;
        private long end;
        private volatile boolean failed;

        PendingFile(byte[] out, String shown, Node node) {
            this.out = out;
            this.shown = shown;
            this.node = node;
            this.place = new Placement(node.extents().isEmpty() ? List.of(new Node.Extent(0, node.size())) : node.extents());
        }

        void plan(int uses, long end) {
            this.remaining = uses;
            this.end = end;
        }

        /** Gives up before anything was written. */
        void abandon(String error) {
            errors.add(shown + ": " + error);
            slots.release();
        }

        private synchronized int fd() throws PosixException {
            if (fd < 0) fd = Restore.create(out);
            return fd;
        }

        void write(byte[] data, int length, long at) {
            if (failed) {
                done(null);
                return;
            }
            try {
                place.write(fd(), data, length, at);
                bytes.addAndGet(length);
                done(null);
            } catch (IOException | RuntimeException e) {
                done(message(e));
            }
        }

        /** One use is finished (error null) or failed; the last one completes the file. */
        void done(String error) {
            boolean last;
            synchronized (this) {
                if (error != null && !failed) {
                    failed = true;
                    errors.add(shown + ": " + error + "; the file is not restored");
                }
                last = --remaining == 0;
            }
            if (last) complete();
        }

        /** Sizes the file and sets its metadata; a file that failed is removed rather than left incomplete under its name. */
        void complete() {
            try {
                if (!failed) {
                    int d = fd();
                    if (end != node.size()) Posix.ftruncate(d, node.size()); // a trailing hole, or a short content
                    metadata.apply(d, out, node, errors, shown);
                }
                boolean created = fd >= 0;
                close();
                if (!failed) files.incrementAndGet();
                else if (created) Posix.unlink(out);
            } catch (IOException | RuntimeException e) {
                errors.add(shown + ": " + message(e));
                try {
                    close();
                } catch (IOException ignored) {
                    // reported above
                }
            } finally {
                slots.release();
            }
        }

        private synchronized void close() throws PosixException {
            if (fd >= 0) {
                int d = fd;
                fd = -1;
                Posix.close(d);
            }
        }
    }

    /** Maps a file's data stream onto its extents (the data regions between holes). */
    static final class Placement {
        private final long[] fileOffset;
        private final long[] streamStart;
        private final long[] length;

        Placement(List<Node.Extent> extents) {
            int n = extents.size();
            fileOffset = new long[n];
            streamStart = new long[n];
            length = new long[n];
            long s = 0;
            for (int i = 0; i < n; i++) {
                fileOffset[i] = extents.get(i).offset();
                length[i] = extents.get(i).length();
                streamStart[i] = s;
                s += length[i];
            }
        }

        /** Bytes of data the extents hold. */
        long capacity() {
            int n = length.length;
            return n == 0 ? 0 : streamStart[n - 1] + length[n - 1];
        }

        /** The file offset just past the last byte of a data stream of the given length. */
        long end(long streamLength) {
            if (streamLength == 0) return 0;
            int k = extent(streamLength - 1);
            return fileOffset[k] + (streamLength - streamStart[k]);
        }

        /** Writes data[0, length), the stream bytes from {@code at} on, to their places in the file. */
        void write(int fd, byte[] data, int len, long at) throws IOException {
            if (at + len > capacity()) throw new IOException("file content is longer than its recorded extents");
            int off = 0;
            int k = extent(at);
            while (off < len) {
                long in = at + off - streamStart[k];
                int n = (int) Math.min(length[k] - in, len - off);
                if (n > 0) Posix.pwriteFully(fd, data, off, n, fileOffset[k] + in);
                off += n;
                k++;
            }
        }

        /** The extent holding stream position pos (which is below capacity); empty extents are skipped. */
        private int extent(long pos) {
            int lo = 0, hi = streamStart.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (streamStart[mid] <= pos) lo = mid;
                else hi = mid - 1;
            }
            while (length[lo] == 0 || pos >= streamStart[lo] + length[lo]) lo++;
            return lo;
        }
    }
}
