package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A running backup's session: announced before the backup reads the index, kept alive by a
 * heartbeat file every {@link Sessions#HEARTBEAT}, ended with a done file. Only creates files.
 */
public final class BackupSession implements AutoCloseable {
    private final Storage storage;
    private final Aead aead;
    private final Owner owner;
    private final Clock clock;
    private final String id;
    private Periodic timer;
    private int beats;
    private Instant lastBeat;
    private Duration longestGap = Duration.ZERO;
    private boolean finished;

    private BackupSession(Storage storage, Aead aead, Owner owner, Clock clock) {
        this.storage = storage;
        this.aead = aead;
        this.owner = owner;
        this.clock = clock;
        this.id = Periodic.randomId();
    }

    /** Writes the session's first file and starts the heartbeat. */
    public static BackupSession start(Storage storage, Aead aead, Owner owner, Clock clock) throws IOException {
        BackupSession s = new BackupSession(storage, aead, owner, clock);
        s.beat();
        s.timer = new Periodic("heartbeat", Sessions.HEARTBEAT, s::beat); // a missed beat shows in pausedTooLong()
        return s;
    }

    public String id() { return id; }

    /** Writes the next heartbeat file. */
    public synchronized void beat() throws IOException {
        Instant now = clock.instant();
        Sessions.write(storage, aead, id, Integer.toString(beats), owner, now);
        beats++;
        if (lastBeat != null) {
            Duration gap = Duration.between(lastBeat, now);
            if (gap.compareTo(longestGap) > 0) longestGap = gap;
        }
        lastBeat = now;
    }

    /**
     * True when, at some point until now, no heartbeat was written for {@link Sessions#STALE_AFTER}
     * (a suspended machine, a stalled connection), so a prune on another host may have taken this
     * backup for dead.
     */
    public synchronized boolean pausedTooLong() {
        Duration sinceLast = lastBeat == null ? Duration.ZERO : Duration.between(lastBeat, clock.instant());
        return longestGap.compareTo(Sessions.STALE_AFTER) >= 0 || sinceLast.compareTo(Sessions.STALE_AFTER) >= 0;
    }

    /** Stops the heartbeat and writes the done file: this backup writes no snapshot any more. */
    public synchronized void finish() throws IOException {
        if (timer != null) timer.close();
        if (finished) return;
        Sessions.write(storage, aead, id, Sessions.DONE, owner, clock.instant());
        finished = true;
    }

    /** Finishes, if not done yet, as well as it can (after a failed backup; a session left open ends when its process is seen gone). */
    @Override
    public void close() {
        try {
            finish();
        } catch (IOException e) {
            // prune recognises the session as ended once this process is gone
        }
    }
}
