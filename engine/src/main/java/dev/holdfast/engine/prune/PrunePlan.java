package dev.holdfast.engine.prune;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import java.util.List;
import java.util.Map;

/**
 * What a prune will do: packs to delete whole (nothing in them is used, or no index names them),
 * packs to repack (their used blobs are copied to new packs, then they are deleted), and the
 * byte counts a dry run prints.
 *
 * @param repack per pack, the used blobs to copy, in offset order
 * @param bytesFreed bytes of packs deleted minus bytes rewritten
 */
public record PrunePlan(List<Id> delete, Map<Id, List<BlobRef>> repack, long packs, long usedBytes, long unusedBytes,
                        long bytesFreed, long bytesRewritten, long blobsRemoved) {
    public boolean isEmpty() {
        return delete.isEmpty() && repack.isEmpty();
    }

    /** Every pack that goes: deleted whole or after repacking. */
    public List<Id> packsToRemove() {
        List<Id> all = new java.util.ArrayList<>(delete);
        all.addAll(repack.keySet());
        return all.stream().sorted().toList();
    }
}
