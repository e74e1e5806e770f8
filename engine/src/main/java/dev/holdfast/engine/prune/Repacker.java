package dev.holdfast.engine.prune;

import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobRuns;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Copies blobs out of a pack into the content store's new packs, sealed bytes unchanged (they are
 * bound to type and id, not to a pack). Each blob is authenticated first: a damaged blob is not
 * copied, and the pack it is in is then not removed.
 */
final class Repacker {
    private static final int RUN = 4 * 1024 * 1024;
    private final Storage storage;
    private final ContentStore store;
    private final Sealing sealing;

    Repacker(Storage storage, ContentStore store, Sealing sealing) {
        this.storage = storage;
        this.store = store;
        this.sealing = sealing;
    }

    void copy(Id pack, List<BlobRef> blobs) throws IOException {
        String name = ContentStore.packName(pack);
        List<BlobRef> sorted = blobs.stream().sorted(Comparator.comparingLong(BlobRef::offset)).toList();
        for (List<BlobRef> run : BlobRuns.of(sorted, RUN, Long.MAX_VALUE)) {
            long start = run.getFirst().offset();
            byte[] buf = storage.getRange(name, start, BlobRuns.span(run));
            for (BlobRef r : run) {
                int off = (int) (r.offset() - start);
                try {
                    sealing.authenticate(r, buf, off);
                } catch (AuthenticationException e) {
                    throw new PruneRefusedException("pack " + pack.hex() + ": blob " + r.id().hex() + " is damaged (" + e.getMessage()
                            + "); prune stops before deleting anything of it: run 'holdfast check --read-data'");
                }
                store.copy(r, buf, off);
            }
        }
    }
}
