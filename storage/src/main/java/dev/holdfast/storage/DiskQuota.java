package dev.holdfast.storage;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** A byte budget for puts, with which {@link FaultInjectingStorage} simulates a full disk. */
final class DiskQuota {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    DiskQuota(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative byte limit " + limit);
        }
        this.limit = limit;
    }

    /** Takes bytes from the budget. @throws IOException "No space left on device" if too few */
    void reserve(String name, String location, long bytes) throws IOException {
        if (used.addAndGet(bytes) > limit) {
            used.addAndGet(-bytes);
            throw new IOException("writing " + name + " to " + location
                    + ": No space left on device");
        }
    }

    /** Gives back bytes of a put that failed. */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
