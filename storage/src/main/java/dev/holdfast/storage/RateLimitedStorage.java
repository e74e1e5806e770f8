package dev.holdfast.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A decorator that keeps uploads and downloads under a number of bytes per second, each limit
 * shared by all threads (0: no limit). A blob is accounted as a whole: an upload waits before it
 * starts until its bytes fit under the limit, a download waits after it arrives, so the limit
 * holds on average over several blobs rather than within one.
 */
public final class RateLimitedStorage extends ForwardingStorage {
    private final Bucket upload;
    private final Bucket download;

    public RateLimitedStorage(Storage delegate, long uploadBytesPerSecond, long downloadBytesPerSecond) {
        super(delegate);
        this.upload = new Bucket(uploadBytesPerSecond);
        this.download = new Bucket(downloadBytesPerSecond);
    }

    /** Virtual scheduling: each transfer reserves the next length/rate seconds of the line. */
    static final class Bucket {
        private final long rate;
        private long nextFreeNanos = System.nanoTime();

        Bucket(long rate) {
            this.rate = rate;
        }

        void take(long bytes) throws InterruptedIOException {
            if (rate <= 0 || bytes <= 0) return;
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long start = Math.max(now, nextFreeNanos);
                nextFreeNanos = start + (long) (bytes * 1e9 / rate);
                wait = start - now;
            }
            if (wait <= 0) return;
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while keeping under the bandwidth limit");
            }
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        byte[] b = delegate.get(name);
        download.take(b.length);
        return b;
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        byte[] b = delegate.getRange(name, offset, length);
        download.take(b.length);
        return b;
    }

    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        delegate.read(name, offset, buf, off, length);
        download.take(length);
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        put(name, data, Objects.requireNonNull(data, "data").length);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        upload.take(length);
        delegate.put(name, data, length);
    }


    @Override
    public void putFile(String name, Path file) throws IOException {
        upload.take(Files.size(file));
        delegate.putFile(name, file);
    }






}
