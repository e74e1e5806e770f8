package dev.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.FaultInjectingStorage.Op;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReadAheadStorageTest {
    @Nested
    class Contract extends StorageContract {
        @Override
        protected Storage newStorage() {
            return new ReadAheadStorage(new MemoryStorage(), n -> n.startsWith("data/") || n.startsWith("packs/"), 4096, 4);
        }
    }

    final FaultInjectingStorage counted = new FaultInjectingStorage(new MemoryStorage());
    final ReadAheadStorage storage = new ReadAheadStorage(counted, n -> n.startsWith("data/"), 1000, 3);
    final byte[] pack = new byte[3500];

    {
        new Random(5).nextBytes(pack);
    }

    @Test
    void smallReadsOfAPackAreServedFromFewBlockReads() throws Exception {
        counted.put("data/00/pack", pack);
        for (int off = 0; off + 70 <= pack.length; off += 70) {
            assertThat(storage.getRange("data/00/pack", off, 70)).isEqualTo(Arrays.copyOfRange(pack, off, off + 70));
        }
        // 4 blocks (the last one short), each fetched once, plus one stat for the size.
        assertThat(counted.calls(Op.GET_RANGE)).isBetween(4L, 5L);
        assertThat(counted.calls(Op.STAT)).isEqualTo(1);
        assertThat(storage.getRange("data/00/pack", 3490, 10)).isEqualTo(Arrays.copyOfRange(pack, 3490, 3500));
        assertThatThrownBy(() -> storage.getRange("data/00/pack", 3495, 10)).isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void readsAcrossABlockBoundaryAreJoined() throws Exception {
        counted.put("data/00/pack", pack);
        assertThat(storage.getRange("data/00/pack", 950, 100)).isEqualTo(Arrays.copyOfRange(pack, 950, 1050));
    }

    @Test
    void largeReadsAndOtherBlobsGoStraightThrough() throws Exception {
        counted.put("data/00/pack", pack);
        counted.put("index/i", pack);
        storage.getRange("data/00/pack", 0, 600);
        storage.getRange("index/i", 0, 10);
        storage.getRange("index/i", 10, 10);
        assertThat(counted.calls(Op.GET_RANGE)).isEqualTo(3);
        assertThat(counted.calls(Op.STAT)).isZero();
    }

    @Test
    void aFailedBlockReadIsReportedAndTriedAgainLater() throws Exception {
        counted.put("data/00/pack", pack);
        counted.fail(java.util.Set.of(Op.GET_RANGE), n -> true, new IOException("connection reset"));
        assertThatThrownBy(() -> storage.getRange("data/00/pack", 10, 10)).hasMessageContaining("connection reset");
        counted.clearFaults();
        assertThat(storage.getRange("data/00/pack", 10, 10)).isEqualTo(Arrays.copyOfRange(pack, 10, 20));
    }

    @Test
    void missingPacksAreNotFound() {
        assertThatThrownBy(() -> storage.getRange("data/00/none", 0, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteForgetsCachedBlocks() throws Exception {
        counted.put("data/00/pack", pack);
        storage.getRange("data/00/pack", 0, 10);
        storage.delete("data/00/pack");
        assertThatThrownBy(() -> storage.getRange("data/00/pack", 0, 10)).isInstanceOf(NotFoundException.class);
    }
}
