package dev.holdfast.repo;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.ByteReader;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import java.util.HashMap;
import java.util.Map;

/**
 * The decrypted JSON of every snapshot seen, packed into one local cache file
 * ({@value #NAME}, sealed with the repository key, kind {@code Q}), so that listing thousands of
 * snapshots costs one read and one decryption instead of one per snapshot. Entries are keyed by
 * snapshot file name (the SHA-256 of the stored file), so a listed name either maps to the JSON it
 * was created with or is read from the repository. Not part of the repository.
 */
final class SnapshotListCache {
    static final String NAME = "snapshots.list";
    static final char KIND = 'Q';
    private final RepositoryCache cache;
    private final Aead aead;

    SnapshotListCache(RepositoryCache cache, Aead aead) {
        this.cache = cache;
        this.aead = aead;
    }

    /** Snapshot file name to plaintext; empty when there is no usable list. */
    Map<String, byte[]> load() {
        byte[] file = cache.peek(NAME);
        Map<String, byte[]> out = new HashMap<>();
        if (file == null) return out;
        try {
            byte[] plain = Envelope.open(aead, KIND, file, NAME);
            ByteReader r = new ByteReader(plain, NAME);
            int n = r.count(plain.length);
            for (int i = 0; i < n; i++) out.put(r.string(), r.bytes());
            r.expectEnd();
            return out;
        } catch (FormatException e) {
            cache.evict(NAME);
            return new HashMap<>();
        }
    }

    void save(Map<String, byte[]> entries) {
        ByteWriter w = new ByteWriter(64 + entries.size() * 700).uvarint(entries.size());
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> w.string(e.getKey()).bytes(e.getValue()));
        cache.put(NAME, Envelope.seal(aead, KIND, w.toByteArray(), true));
    }
}
