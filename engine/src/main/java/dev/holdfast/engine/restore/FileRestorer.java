package dev.holdfast.engine.restore;

import dev.holdfast.hash.Id;
import dev.holdfast.memory.ScratchBuffer;
import dev.holdfast.posix.Posix;
import dev.holdfast.repo.content.BlobNotFoundException;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobRuns;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.repo.tree.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one file's content: chunks stored next to each other in a pack are fetched with one
 * ranged read, every chunk is authenticated as it is decrypted, sparse files get their holes back.
 */
final class FileRestorer {
    /** Largest read of adjacent chunks (a larger chunk is read alone), and of buffers kept per thread. */
    static final int MAX_READ = 2 * 1024 * 1024;
    private final ContentStore store;
    private final AtomicLong bytes;

    /**
     * One restore thread's buffers, reused from chunk to chunk and grown up to {@link #MAX_READ}; a
     * larger chunk gets buffers of its own, so memory stays bounded however many threads write.
     */
    private record Buffers(ScratchBuffer read, Sealing.Buffers blobs) {
        Buffers() {
            this(new ScratchBuffer(MAX_READ), new Sealing.Buffers(MAX_READ));
        }
    }

    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    FileRestorer(ContentStore store, AtomicLong bytes) {
        this.store = store;
        this.bytes = bytes;
    }

    void write(int fd, Node n) throws IOException {
        List<BlobRef> refs = new ArrayList<>(n.content().size());
        for (Id id : n.content()) {
            BlobRef ref = store.locate(BlobType.DATA, id);
            if (ref == null) throw new BlobNotFoundException("chunk " + id.shortHex() + " is missing from the repository");
            refs.add(ref);
        }
        Placement place = new Placement(n.extents().isEmpty() ? List.of(new Node.Extent(0, n.size())) : n.extents());
        Buffers b = buffers.get();
        for (List<BlobRef> run : BlobRuns.of(refs, MAX_READ, Long.MAX_VALUE)) {
            BlobRef first = run.getFirst();
            int span = BlobRuns.span(run);
            byte[] buf = b.read().atLeast(span);
            store.storage().read(ContentStore.packName(first.pack()), first.offset(), buf, 0, span);
            for (BlobRef r : run) {
                byte[] plain = store.open(r, buf, (int) (r.offset() - first.offset()), b.blobs());
                place.write(fd, plain, r.rawLength());
                bytes.addAndGet(r.rawLength());
            }
        }
        if (place.end() != n.size()) Posix.ftruncate(fd, n.size()); // a trailing hole, or a short content
    }

    /** Maps the data stream onto the file's extents. */
    private static final class Placement {
        private final List<Node.Extent> extents;
        private int extent;
        private long inExtent;

        Placement(List<Node.Extent> extents) {
            this.extents = extents;
        }

        /** The offset just past the last byte written. */
        long end() {
            if (extent == 0 && inExtent == 0) return 0;
            if (inExtent > 0) return extents.get(extent).offset() + inExtent;
            Node.Extent last = extents.get(extent - 1);
            return last.offset() + last.length();
        }

        /** Writes data[0, length). */
        void write(int fd, byte[] data, int length) throws IOException {
            int off = 0;
            while (off < length) {
                if (extent >= extents.size()) throw new IOException("file content is longer than its recorded extents");
                Node.Extent e = extents.get(extent);
                int n = (int) Math.min(e.length() - inExtent, length - off);
                Posix.pwriteFully(fd, data, off, n, e.offset() + inExtent);
                off += n;
                inExtent += n;
                if (inExtent == e.length()) {
                    extent++;
                    inExtent = 0;
                }
            }
        }
    }
}
