package dev.holdfast.repo;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.ByteReader;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every snapshot record seen, packed into one local cache file ({@value #NAME}, sealed with the
 * repository key, kind {@code Q}) in a compact binary form, so that listing thousands of snapshots
 * costs one read, one decryption and no JSON. Entries are keyed by snapshot file name (the SHA-256
 * of the stored file), so a listed name maps to the record it was created with, or is read from the
 * repository. Not part of the repository format.
 */
final class SnapshotListCache {
    static final String NAME = "snapshots.list";
    static final char KIND = 'Q';
    private static final int FORMAT = 3;
    private final RepositoryCache cache;
    private final Aead aead;

    SnapshotListCache(RepositoryCache cache, Aead aead) {
        this.cache = cache;
        this.aead = aead;
    }

    /** Snapshot file name to record; empty when there is no usable list. */
    Map<String, Snapshot> load() {
        byte[] file = cache.peek(NAME);
        Map<String, Snapshot> out = new HashMap<>();
        if (file == null) return out;
        try {
            byte[] plain = Envelope.open(aead, KIND, file, NAME);
            ByteReader r = new ByteReader(plain, NAME);
            if (r.u8() != FORMAT) throw new FormatException(NAME + ": older format");
            int n = r.count(plain.length);
            for (int i = 0; i < n; i++) out.put(r.string(), read(r));
            r.expectEnd();
            return out;
        } catch (FormatException | RuntimeException e) {
            cache.evict(NAME);
            return new HashMap<>();
        }
    }

    void save(Map<String, Snapshot> entries) {
        ByteWriter w = new ByteWriter(64 + entries.size() * 400).u8(FORMAT).uvarint(entries.size());
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> write(w.string(e.getKey()), e.getValue()));
        cache.put(NAME, Envelope.seal(aead, KIND, w.toByteArray(), true));
    }

    private static void write(ByteWriter w, Snapshot s) {
        w.uvarint(s.version()).string(s.time());
        optional(w, s.host());
        optional(w, s.user());
        w.uvarint(s.uid()).uvarint(s.gid());
        strings(w, s.paths());
        strings(w, s.tags());
        w.string(s.tree());
        optional(w, s.parent());
        optional(w, s.program());
        optional(w, s.original());
        Snapshot.Summary m = s.summary();
        if (m == null) {
            w.u8(0);
            return;
        }
        w.u8(1);
        for (long v : new long[] {m.filesNew(), m.filesChanged(), m.filesUnchanged(), m.dirs(), m.bytesRead(), m.bytesAdded(),
                m.blobsAdded(), m.errors(), m.totalFiles(), m.totalBytes(), Double.doubleToLongBits(m.seconds())}) {
            w.svarint(v);
        }
    }

    private static Snapshot read(ByteReader r) throws FormatException {
        int version = (int) r.uvarint();
        String time = r.string(), host = optional(r), user = optional(r);
        int uid = (int) r.uvarint(), gid = (int) r.uvarint();
        List<String> paths = strings(r), tags = strings(r);
        String tree = r.string(), parent = optional(r), program = optional(r), original = optional(r);
        Snapshot.Summary summary = null;
        if (r.u8() == 1) {
            long[] v = new long[11];
            for (int i = 0; i < v.length; i++) v[i] = r.svarint();
            summary = new Snapshot.Summary(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], Double.longBitsToDouble(v[10]));
        }
        return new Snapshot(version, time, host, user, uid, gid, paths, tags, tree, parent, program, summary, original);
    }

    private static void optional(ByteWriter w, String s) {
        if (s == null) w.u8(0);
        else w.u8(1).string(s);
    }

    private static String optional(ByteReader r) throws FormatException {
        return r.u8() == 0 ? null : r.string();
    }

    private static void strings(ByteWriter w, List<String> list) {
        w.uvarint(list.size());
        list.forEach(w::string);
    }

    private static List<String> strings(ByteReader r) throws FormatException {
        int n = r.count(1 << 20);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(r.string());
        return List.copyOf(out);
    }
}
