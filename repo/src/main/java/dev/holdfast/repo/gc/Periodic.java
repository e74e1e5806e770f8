package dev.holdfast.repo.gc;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A task repeated on a daemon thread (heartbeats, lock refreshes) whose failures wait for the next turn; and random file ids. */
final class Periodic implements AutoCloseable {
    /** A write that may fail; it is simply tried again at the next turn. */
    interface Write {
        void run() throws IOException;
    }

    private final ScheduledExecutorService timer;

    Periodic(String name, Duration every, Write task) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        long ms = every.toMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (IOException e) {
                // tried again at the next turn
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** 32 random hex digits. */
    static String randomId() {
        byte[] r = new byte[16];
        new SecureRandom().nextBytes(r);
        return HexFormat.of().formatHex(r);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
