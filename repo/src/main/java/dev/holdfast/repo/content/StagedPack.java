package dev.holdfast.repo.content;

import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.PackWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pack being assembled in a file in the storage's staging directory, so that packs waiting to
 * be uploaded cost disk (page cache) rather than heap; a local repository then moves the file
 * into place instead of writing it a second time.
 */
final class StagedPack {
    final Path file;
    final PackWriter writer;
    private final FileChannel channel;

    /**
     * Blobs go to the file through this direct buffer, a write of up to its size at a time: small
     * blobs are gathered, and the JDK never needs a temporary direct buffer (which it would keep,
     * per thread, at the size of the largest blob written).
     */
    private static final int BUFFER = 256 * 1024;
    /**
     * Buffers of finished packs, for the next ones: direct memory is only given back when the
     * collector gets round to a buffer, so a buffer per pack would pile up.
     */
    private static final java.util.Queue<ByteBuffer> FREE = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private ByteBuffer buffer = takeBuffer();

    private static ByteBuffer takeBuffer() {
        ByteBuffer b = FREE.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(BUFFER);
    }

    private void releaseBuffer() {
        if (buffer != null) FREE.offer(buffer);
        buffer = null;
    }

    private StagedPack(Path file, FileChannel channel, BlobType type) {
        this.file = file;
        this.channel = channel;
        this.writer = new PackWriter(type, this::write);
    }

    private void write(byte[] bytes, int from, int len) throws IOException {
        for (int off = from, end = from + len; off < end; ) {
            if (!buffer.hasRemaining()) drain();
            int n = Math.min(buffer.remaining(), end - off);
            buffer.put(bytes, off, n);
            off += n;
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    static StagedPack create(Path dir, BlobType type) throws IOException {
        Path file = Files.createTempFile(dir, "pack-", ".tmp");
        return new StagedPack(file, FileChannel.open(file, StandardOpenOption.WRITE), type);
    }

    /** Finishes the pack and closes the file. */
    PackWriter.Pack finish(dev.holdfast.crypto.Aead aead) throws IOException {
        try (channel) {
            PackWriter.Pack pack = writer.finish(aead);
            drain();
            return pack;
        } finally {
            releaseBuffer();
        }
    }

    /** Drops the file after a failure. */
    void discard() {
        releaseBuffer();
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the storage's stale temporary file cleanup
        }
    }
}
