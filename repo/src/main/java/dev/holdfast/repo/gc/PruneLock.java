package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps two prunes apart (backups never take it). A prune writes {@code locks/<random>}, then lists
 * {@code locks/}: if another live lock is there it removes its own and reports the other one
 * (two that race both back off; neither proceeds unseen by the other, since each lists after its
 * own write). A held lock is rewritten every {@link #REFRESH}; one whose owner process is gone
 * (same host) or that was not refreshed for {@link #STALE_AFTER} (another host) is stale and is
 * removed by the next prune.
 */
public final class PruneLock implements AutoCloseable {
    public static final String PREFIX = "locks/";
    static final Duration REFRESH = Duration.ofMinutes(1);
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /** Another prune holds the lock. */
    public static final class HeldException extends IOException {
        public HeldException(String message) {
            super(message);
        }
    }

    private final Storage storage;
    private final Aead aead;
    private final Owner owner;
    private final Clock clock;
    private final String name;
    private Periodic timer;

    private PruneLock(Storage storage, Aead aead, Owner owner, Clock clock) {
        this.storage = storage;
        this.aead = aead;
        this.owner = owner;
        this.clock = clock;
        this.name = PREFIX + Periodic.randomId();
    }

    /**
     * Takes the lock, removing stale locks on the way. @param removedStale told about each stale lock removed
     * @throws HeldException when a live prune holds it
     */
    public static PruneLock acquire(Storage storage, Aead aead, Owner owner, Clock clock, java.util.function.Consumer<String> removedStale) throws IOException {
        PruneLock lock = new PruneLock(storage, aead, owner, clock);
        lock.write();
        for (BlobInfo b : storage.list(PREFIX)) {
            if (b.name().equals(lock.name)) continue;
            Optional<String> other = lock.liveHolder(b.name(), removedStale);
            if (other.isPresent()) {
                SealedJson.deleteIfExists(storage, lock.name);
                throw new HeldException("another prune is running (" + other.get() + ")");
            }
        }
        lock.timer = new Periodic("lock-refresh", REFRESH, lock::write);
        return lock;
    }

    /** Describes the holder of a live lock; removes a stale one. */
    private Optional<String> liveHolder(String other, java.util.function.Consumer<String> removedStale) throws IOException {
        var f = SealedJson.get(storage, aead, Envelope.LOCK, other);
        if (f.isEmpty()) return Optional.empty();
        Owner o = Owner.from(f.get().object("owner"));
        Instant refreshed = Instant.parse(f.get().string("time"));
        boolean stale = switch (o.state()) {
            case ALIVE -> false;
            case DEAD -> true;
            case UNKNOWN -> Duration.between(refreshed, clock.instant()).compareTo(STALE_AFTER) >= 0;
        };
        if (!stale) return Optional.of(o + ", lock refreshed " + refreshed);
        SealedJson.deleteIfExists(storage, other);
        removedStale.accept("removed the stale lock " + other + " of " + o + " (last refreshed " + refreshed + ")");
        return Optional.empty();
    }

    private synchronized void write() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("owner", owner.toMap());
        m.put("time", clock.instant().toString());
        SealedJson.put(storage, aead, Envelope.LOCK, name, m);
    }

    @Override
    public void close() throws IOException {
        if (timer != null) timer.close();
        synchronized (this) {
            SealedJson.deleteIfExists(storage, name);
        }
    }
}
