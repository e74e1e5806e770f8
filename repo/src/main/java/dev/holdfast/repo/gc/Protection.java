package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code protected/<snapshot id>}: snapshots that no retention rule and no forget may remove. */
public final class Protection {
    public static final String PREFIX = "protected/";

    private Protection() {}

    /** The ids of the protected snapshots. */
    public static Set<String> ids(Storage storage) throws IOException {
        Set<String> out = new TreeSet<>();
        for (BlobInfo b : storage.list(PREFIX)) out.add(b.name().substring(PREFIX.length()));
        return out;
    }

    public static void protect(Storage storage, Aead aead, String snapshotId, String host, Instant time) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("snapshot", snapshotId);
        m.put("host", host);
        m.put("time", time.toString());
        SealedJson.put(storage, aead, Envelope.PROTECTION, PREFIX + snapshotId, m);
    }

    /** Removes the protection; false when the snapshot was not protected. */
    public static boolean unprotect(Storage storage, String snapshotId) throws IOException {
        if (storage.stat(PREFIX + snapshotId).isEmpty()) return false;
        SealedJson.deleteIfExists(storage, PREFIX + snapshotId);
        return true;
    }
}
