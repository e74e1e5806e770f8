package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;

/** A blob by type and id, wherever it is stored. */
public record BlobKey(BlobType type, Id id) {
    public static BlobKey of(BlobRef r) {
        return new BlobKey(r.type(), r.id());
    }
}
