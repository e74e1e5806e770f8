package dev.holdfast.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrunePlannerTest {
    private final List<BlobRef> entries = new ArrayList<>();
    private final Map<Id, Long> sizes = new HashMap<>();
    private final Set<BlobKey> used = new HashSet<>();

    private static Id id(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        b[31] = (byte) (n >> 8);
        return Id.of(b);
    }

    /** A pack with blobs of the given sizes; blob ids are blobBase, blobBase+1, ... */
    private Id pack(int n, int blobBase, int... lengths) {
        Id p = id(n);
        long off = 4, size = 4;
        for (int i = 0; i < lengths.length; i++) {
            entries.add(new BlobRef(BlobType.DATA, id(1000 + blobBase + i), p, off, lengths[i], lengths[i], false));
            off += lengths[i];
            size += lengths[i];
        }
        sizes.put(p, size + 40);
        return p;
    }

    private void use(int... blobs) {
        for (int b : blobs) used.add(new BlobKey(BlobType.DATA, id(1000 + b)));
    }

    @Test
    void deletesUnusedPacksRepacksThoseAboveTheLimitAndLeavesTheRest() {
        Id allUsed = pack(1, 0, 100, 100);
        Id unused = pack(2, 10, 100, 100);
        Id mostlyUnused = pack(3, 20, 100, 900);
        Id slightlyUnused = pack(4, 30, 1000, 40);
        use(0, 1, 20, 30);
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(), 0.05);
        assertThat(plan.delete()).containsExactly(unused);
        assertThat(plan.repack()).containsOnlyKeys(mostlyUnused);
        assertThat(plan.repack().get(mostlyUnused)).extracting(BlobRef::id).containsExactly(id(1020));
        assertThat(plan.bytesRewritten()).isEqualTo(100);
        assertThat(plan.bytesFreed()).isEqualTo(sizes.get(unused) + sizes.get(mostlyUnused) - 100);
        assertThat(plan.blobsRemoved()).isEqualTo(4);
        assertThat(plan.packsToRemove()).containsExactlyInAnyOrder(unused, mostlyUnused).doesNotContain(allUsed, slightlyUnused);
        PrunePlan tolerant = PrunePlanner.plan(entries, sizes, used, Set.of(), 0.95);
        assertThat(tolerant.repack()).isEmpty();
    }

    @Test
    void aPackNoIndexNamesIsDeletedAndAnIndexedPackThatIsMissingIsIgnored() {
        pack(1, 0, 100);
        use(0);
        Id orphan = id(9);
        sizes.put(orphan, 5000L);
        entries.add(new BlobRef(BlobType.DATA, id(1500), id(10), 4, 10, 10, false)); // pack 10 is not in storage
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(), 0.05);
        assertThat(plan.delete()).containsExactly(orphan);
        assertThat(plan.bytesFreed()).isEqualTo(5000);
    }

    @Test
    void aDuplicateCopyCountsAsUnusedAndTheCopyInTheFirstPackIsKept() {
        Id a = pack(1, 0, 100, 100);
        Id b = pack(2, 1, 100); // blob 1 again
        use(0, 1);
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(), 0.05);
        assertThat(plan.delete()).containsExactly(b);
        assertThat(plan.repack()).isEmpty();
        assertThat(plan.packs()).isEqualTo(2);
        assertThat(a).isNotEqualTo(b);
    }

    /** An interrupted compaction leaves two index files naming the same locations: nothing is unused for that. */
    @Test
    void theSameLocationInTwoIndexFilesIsOneCopy() {
        pack(1, 0, 100, 100);
        use(0, 1);
        entries.addAll(List.copyOf(entries).stream().map(r -> new BlobRef(r.type(), r.id(), r.pack(), r.offset(), r.length(), r.rawLength(), r.compressed())).toList());
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(), 0.05);
        assertThat(plan.isEmpty()).as("plan " + plan).isTrue();
        assertThat(plan.unusedBytes()).isZero();
        assertThat(plan.blobsRemoved()).isZero();
        assertThat(plan.packs()).isEqualTo(1);
    }

    @Test
    void packsOfPendingMarkersAreLeftAloneAndCopiesElsewhereArePreferred() {
        Id doomed = pack(1, 0, 100, 100);
        Id copy = pack(2, 1, 100);
        use(1);
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(doomed), 0.05);
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.packs()).isEqualTo(1);
        assertThat(copy).isNotNull();
    }

    @Test
    void aUsedBlobInNoPackRefusesThePlan() {
        pack(1, 0, 100);
        use(0, 7);
        assertThatThrownBy(() -> PrunePlanner.plan(entries, sizes, used, Set.of(), 0.05))
                .isInstanceOf(PrunePlanner.MissingBlobsException.class).hasMessageContaining("1 blobs the snapshots use are in no pack");
    }

    /**
     * A backup that was running when a marker was written (one of its blockers) may have deduplicated
     * against blobs of the marked packs and write its snapshot before it ends; a prune in between
     * must not call that damage (it refused with "blobs the snapshots use are in no pack").
     */
    @Test
    void aUsedBlobOnlyInADoomedPackIsNotMissingAndThePackIsLeftAlone() {
        Id doomed = pack(1, 0, 100, 100);
        Id other = pack(2, 10, 100, 900);
        use(0, 10);
        PrunePlan plan = PrunePlanner.plan(entries, sizes, used, Set.of(doomed), 0.05);
        assertThat(plan.packsToRemove()).containsExactly(other).doesNotContain(doomed);
        assertThat(plan.packs()).isEqualTo(1);
        sizes.remove(doomed); // the doomed pack is gone from storage: now the blob is in no pack
        assertThatThrownBy(() -> PrunePlanner.plan(entries, sizes, used, Set.of(doomed), 0.05))
                .isInstanceOf(PrunePlanner.MissingBlobsException.class).hasMessageContaining("1 blobs the snapshots use are in no pack");
    }
}
