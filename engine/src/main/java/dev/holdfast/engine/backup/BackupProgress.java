package dev.holdfast.engine.backup;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Live counters of a running backup, read by the progress display. Thread-safe. */
public final class BackupProgress {
    public final AtomicLong filesFound = new AtomicLong();
    public final AtomicLong bytesFound = new AtomicLong();
    public final AtomicLong filesDone = new AtomicLong();
    public final AtomicLong bytesDone = new AtomicLong();
    public final AtomicLong filesNew = new AtomicLong();
    public final AtomicLong filesChanged = new AtomicLong();
    public final AtomicLong filesUnchanged = new AtomicLong();
    public final AtomicLong dirs = new AtomicLong();
    public final AtomicLong bytesRead = new AtomicLong();
    public final AtomicLong bytesAdded = new AtomicLong();
    public final AtomicLong blobsAdded = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicReference<String> currentFile = new AtomicReference<>("");
    private final long startNanos = System.nanoTime();

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
