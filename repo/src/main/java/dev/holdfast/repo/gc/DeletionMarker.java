package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code deletions/<id>}: packs a prune intends to delete. Written first without blockers
 * ("unarmed"), then, once prune has listed the backup sessions, rewritten with the sessions that
 * were running ("armed"). Its packs may be deleted once every blocker has ended. Backups that start
 * after it exists store anew any blob that lies only in its packs.
 *
 * @param blockers the sessions that must end first; null while unarmed
 */
public record DeletionMarker(String id, String created, Owner owner, List<Id> packs, List<String> blockers) {
    public static final String PREFIX = "deletions/";

    public String name() {
        return PREFIX + id;
    }

    public boolean armed() {
        return blockers != null;
    }

    public DeletionMarker arm(List<String> sessions) {
        return new DeletionMarker(id, created, owner, packs, List.copyOf(sessions));
    }

    public void write(Storage storage, Aead aead) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("created", created);
        m.put("owner", owner.toMap());
        m.put("packs", packs.stream().map(Id::hex).toList());
        m.put("blockers", blockers);
        SealedJson.put(storage, aead, Envelope.MARKER, name(), m);
    }

    /** Every marker in the repository (a marker removed while listing is left out). */
    public static List<DeletionMarker> list(Storage storage, Aead aead) throws IOException {
        List<DeletionMarker> out = new ArrayList<>();
        for (BlobInfo b : storage.list(PREFIX)) {
            var f = SealedJson.get(storage, aead, Envelope.MARKER, b.name());
            if (f.isPresent()) out.add(from(b.name().substring(PREFIX.length()), f.get()));
        }
        return out;
    }

    /** The packs of all markers: backups do not deduplicate against blobs that lie only there. */
    public static Set<Id> doomedPacks(List<DeletionMarker> markers) {
        Set<Id> out = new HashSet<>();
        markers.forEach(m -> out.addAll(m.packs()));
        return out;
    }

    private static DeletionMarker from(String id, Json.Fields f) throws FormatException {
        if (f.integer("version") != 1) throw SealedJson.bad(f.what(), "unsupported marker version");
        List<Id> packs = new ArrayList<>();
        for (String hex : f.strings("packs")) {
            if (!Id.isHex(hex)) throw SealedJson.bad(f.what(), "bad pack id " + hex);
            packs.add(Id.parse(hex));
        }
        List<String> blockers = f.map().get("blockers") == null ? null : f.strings("blockers");
        return new DeletionMarker(id, f.string("created"), Owner.from(f.object("owner")), List.copyOf(packs), blockers);
    }

    public void delete(Storage storage) throws IOException {
        SealedJson.deleteIfExists(storage, name());
    }
}
