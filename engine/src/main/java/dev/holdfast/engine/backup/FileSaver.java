package dev.holdfast.engine.backup;

import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.source.SourceFs;
import dev.holdfast.hash.Id;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.tree.Node;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads one file, cuts it into content-defined chunks and stores the new ones. Files no larger
 * than the minimum chunk are read in one piece, into their thread's buffer; larger files share a small pool of chunk buffers,
 * which bounds memory whatever the number of reader threads. A sparse file's holes are skipped:
 * only its data extents are read, back to back, and recorded in the node.
 */
final class FileSaver {
    private final ContentStore store;
    private final FastCdc cdc;
    private final Compressor compressor;
    private final BackupProgress progress;
    private final BlockingQueue<byte[]> buffers;
    /** Each reader thread's buffer for files no larger than the minimum chunk, reused file after file. */
    private final ThreadLocal<byte[]> small;

    /** The stored content of a file. */
    record Saved(long size, List<Id> chunks, List<Node.Extent> extents, boolean changed) {}

    FileSaver(ContentStore store, FastCdc cdc, Compressor compressor, BackupProgress progress, int bigFiles) {
        this.store = store;
        this.cdc = cdc;
        this.compressor = compressor;
        this.progress = progress;
        this.buffers = new ArrayBlockingQueue<>(bigFiles);
        for (int i = 0; i < bigFiles; i++) buffers.add(new byte[0]);
        this.small = ThreadLocal.withInitial(() -> new byte[cdc.params().min()]);
    }

    /**
     * Reads the file and stores its chunks. A file whose size is 0 is read to its end all the same:
     * the files of /proc report 0 bytes and have content.
     */
    Saved save(SourceFs.OpenFile file, Stat st) throws IOException {
        List<Node.Extent> extents = st.isSparse() ? dataExtents(file, st.size())
                : List.of(new Node.Extent(0, st.size() == 0 ? Long.MAX_VALUE : st.size()));
        long expected = st.isSparse() ? extents.stream().mapToLong(Node.Extent::length).sum() : st.size();
        List<Id> chunks = new ArrayList<>();
        Reader reader = new Reader(file, extents);
        byte[] first = small.get();
        int filled = expected < first.length ? reader.fill(first, 0, first.length) : -1;
        if (filled >= 0 && filled < first.length) {
            if (filled > 0) chunks.add(store(first, 0, filled)); // the whole file, in one piece
        } else {
            byte[] buf = takeBuffer();
            try {
                if (filled > 0) System.arraycopy(first, 0, buf, 0, filled); // it grew beyond what it said
                cutAll(reader, buf, Math.max(filled, 0), chunks);
            } finally {
                buffers.add(buf);
            }
        }
        boolean shrunk = reader.read < expected;
        Stat after = file.stat();
        boolean changed = shrunk || after.size() != st.size() || after.mtimeNs() != st.mtimeNs() || after.ctimeNs() != st.ctimeNs();
        long size = st.isSparse() ? st.size() : reader.read;
        return new Saved(size, chunks, st.isSparse() ? extents : List.of(), changed);
    }

    /**
     * Cuts and stores the chunks of what reader delivers, through buf (max bytes, the first filled
     * already). Chunks are cut where they lie in buf; a cut that finds no boundary in the bytes at
     * hand is the same as one over more bytes would have found only when those bytes reach max or
     * the end of the file, so only then is it taken. Otherwise the unfinished chunk moves to the
     * front, buf is refilled behind it and the chunk is cut again: about one chunk is moved per
     * buffer read, instead of the rest of the buffer after every chunk.
     */
    private void cutAll(Reader reader, byte[] buf, int filled, List<Id> chunks) throws IOException {
        int start = 0;
        boolean end = false;
        while (true) {
            if (start == filled) start = filled = 0; // all of it cut: the buffer starts over
            if (!end && filled < buf.length) {
                int want = buf.length - filled;
                int got = reader.fill(buf, filled, want);
                filled += got;
                end = got < want;
            }
            int avail = filled - start;
            if (avail == 0) return;
            int cut = cdc.cut(buf, start, avail);
            if (cut == avail && !end && avail < buf.length) {
                System.arraycopy(buf, start, buf, 0, avail);
                start = 0;
                filled = avail;
                continue;
            }
            chunks.add(store(buf, start, cut));
            start += cut;
        }
    }

    private byte[] takeBuffer() throws IOException {
        try {
            byte[] b = buffers.take();
            return b.length == cdc.params().max() ? b : new byte[cdc.params().max()];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private Id store(byte[] buf, int off, int len) throws IOException {
        Id id = store.id(buf, off, len);
        long added = store.put(BlobType.DATA, id, buf, off, len, compressor);
        if (added > 0) {
            progress.bytesAdded.addAndGet(added);
            progress.blobsAdded.incrementAndGet();
        }
        return id;
    }

    private static List<Node.Extent> dataExtents(SourceFs.OpenFile file, long size) throws IOException {
        List<Node.Extent> out = new ArrayList<>();
        long pos = 0;
        while (pos < size) {
            long data = file.seekData(pos);
            if (data < 0 || data >= size) break;
            long hole = Math.min(file.seekHole(data), size);
            out.add(new Node.Extent(data, hole - data));
            pos = hole;
        }
        return out;
    }

    /** Reads the extents of a file back to back. */
    private final class Reader {
        private final SourceFs.OpenFile file;
        private final List<Node.Extent> extents;
        private int extent;
        private long inExtent;
        long read;
        private boolean eof;

        Reader(SourceFs.OpenFile file, List<Node.Extent> extents) {
            this.file = file;
            this.extents = extents;
        }

        /** Reads up to len bytes; fewer only at the end of the data. */
        int fill(byte[] buf, int off, int len) throws IOException {
            int done = 0;
            while (done < len && !eof && extent < extents.size()) {
                Node.Extent e = extents.get(extent);
                long left = e.length() - inExtent;
                if (left == 0) {
                    extent++;
                    inExtent = 0;
                    continue;
                }
                int n = file.pread(buf, off + done, (int) Math.min(left, len - done), e.offset() + inExtent);
                if (n <= 0) {
                    eof = true; // the file shrank while being read
                    break;
                }
                done += n;
                inExtent += n;
            }
            read += done;
            progress.bytesRead.addAndGet(done);
            progress.bytesDone.addAndGet(done);
            return done;
        }
    }
}
