package dev.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A decorator that tries a failed call again, up to {@code attempts} times in all, waiting
 * {@code firstDelay}, then twice as long each time (with jitter, at most 30 s). Failures that
 * another try cannot fix are passed on at once: {@link NotFoundException}, {@link EOFException},
 * {@link PermanentException}, local filesystem errors and invalid arguments. Every call of
 * {@link Storage} is safe to repeat: puts write the same bytes again; a delete whose first try
 * removed the blob although it failed counts as done when the retry finds nothing.
 */
public final class RetryingStorage extends ForwardingStorage {
    /** Waits between attempts (replaced in tests). */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private final int attempts;
    private final Duration firstDelay;
    private final Sleeper sleeper;

    public RetryingStorage(Storage delegate, int attempts, Duration firstDelay) {
        this(delegate, attempts, firstDelay, d -> Thread.sleep(d));
    }

    public RetryingStorage(Storage delegate, int attempts, Duration firstDelay, Sleeper sleeper) {
        super(delegate);
        this.attempts = Math.max(1, attempts);
        this.firstDelay = firstDelay;
        this.sleeper = sleeper;
    }

    private <T> T retry(Call<T> call) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (NotFoundException | EOFException | PermanentException | FileSystemException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= attempts) throw e;
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) throws InterruptedIOException {
        long ms = Math.min(firstDelay.toMillis() << Math.min(attempt - 1, 20), 30_000);
        ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
        try {
            sleeper.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry on " + delegate.location());
        }
    }

    @Override
    public byte[] get(String name) throws IOException {
        return retry(() -> delegate.get(name));
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        return retry(() -> delegate.getRange(name, offset, length));
    }

    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        retry(() -> {
            delegate.read(name, offset, buf, off, length);
            return null;
        });
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        retry(() -> {
            delegate.put(name, data);
            return null;
        });
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        retry(() -> {
            delegate.put(name, data, length);
            return null;
        });
    }


    @Override
    public void putFile(String name, Path file) throws IOException {
        retry(() -> {
            delegate.putFile(name, file);
            return null;
        });
    }

    @Override
    public void delete(String name) throws IOException {
        boolean[] failedOnce = {false};
        retry(() -> {
            try {
                delegate.delete(name);
            } catch (NotFoundException e) {
                if (!failedOnce[0]) throw e;
            } catch (IOException e) {
                failedOnce[0] = true;
                throw e;
            }
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        return retry(() -> delegate.list(prefix));
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        return retry(() -> delegate.stat(name));
    }

    @Override
    public void create() throws IOException {
        retry(() -> {
            delegate.create();
            return null;
        });
    }


}
