package dev.holdfast.engine.copy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** A fixed pool of chunking buffers (the chunker's maximum size each), allocated on first use. */
final class ChunkBuffers {
    private final BlockingQueue<byte[]> free;
    private final int size;

    ChunkBuffers(int count, int size) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(count);
        for (int i = 0; i < count; i++) free.add(new byte[0]);
    }

    byte[] take() throws IOException {
        try {
            byte[] b = free.take();
            return b.length == size ? b : new byte[size];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    void give(byte[] b) {
        free.add(b);
    }
}
