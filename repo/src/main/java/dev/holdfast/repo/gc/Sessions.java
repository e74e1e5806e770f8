package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backup sessions as prune sees them. A backup writes {@code sessions/<session>-0} before it reads
 * the index, a new {@code sessions/<session>-<n>} every {@link #HEARTBEAT} while it runs (backups
 * may only create files, never overwrite them) and {@code sessions/<session>-done} when it ends.
 */
public final class Sessions {
    public static final String PREFIX = "sessions/";
    /** How often a running backup writes a heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(2);
    /** A session on another host without a heartbeat for this long is taken to be dead. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(15);
    static final String DONE = "done";

    /** One session: who runs it, its newest heartbeat, whether it has ended, and its files. */
    public record Session(String id, Owner owner, Instant latest, boolean done, List<String> files) {
        /** True while the backup may still write a snapshot. */
        public boolean alive(Instant now) {
            if (done) return false;
            return switch (owner.state()) {
                case ALIVE -> true;
                case DEAD -> false;
                case UNKNOWN -> Duration.between(latest, now).compareTo(STALE_AFTER) < 0;
            };
        }
    }

    private Sessions() {}

    static String name(String session, String beat) {
        return PREFIX + session + "-" + beat;
    }

    static void write(Storage storage, Aead aead, String session, String beat, Owner owner, Instant time) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("session", session);
        m.put("beat", beat);
        m.put("owner", owner.toMap());
        m.put("time", time.toString());
        SealedJson.put(storage, aead, Envelope.SESSION, name(session, beat), m);
    }

    /** Every session with files in the repository, by id. */
    public static Map<String, Session> list(Storage storage, Aead aead) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        for (BlobInfo b : storage.list(PREFIX)) {
            String rest = b.name().substring(PREFIX.length());
            int dash = rest.lastIndexOf('-');
            if (dash <= 0) throw SealedJson.bad(b.name(), "not a session file name");
            files.computeIfAbsent(rest.substring(0, dash), k -> new ArrayList<>()).add(b.name());
        }
        Map<String, Session> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : files.entrySet()) {
            Owner owner = null;
            Instant latest = Instant.EPOCH;
            boolean done = false;
            for (String name : e.getValue()) {
                var f = SealedJson.get(storage, aead, Envelope.SESSION, name);
                if (f.isEmpty()) continue;
                owner = Owner.from(f.get().object("owner"));
                Instant t = time(f.get());
                if (t.isAfter(latest)) latest = t;
                done |= f.get().string("beat").equals(DONE);
            }
            if (owner != null) out.put(e.getKey(), new Session(e.getKey(), owner, latest, done, List.copyOf(e.getValue())));
        }
        return out;
    }

    private static Instant time(Json.Fields f) throws FormatException {
        try {
            return Instant.parse(f.string("time"));
        } catch (java.time.format.DateTimeParseException e) {
            throw SealedJson.bad(f.what(), "bad time");
        }
    }
}
