package dev.holdfast.repo.index;

import static dev.holdfast.repo.TestData.id;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ChunkIndexTest {
    private static Id randomId(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return Id.of(b);
    }

    /** The i-th of a reproducible set of blobs spread over 1000 packs. */
    private static BlobRef blob(int i) {
        Random r = new Random(i);
        byte[] p = new byte[32];
        p[0] = (byte) (i % 1000);
        p[1] = (byte) (i % 1000 >> 8);
        Id pack = Id.of(p);
        return new BlobRef(i % 3 == 0 ? BlobType.TREE : BlobType.DATA, randomId(r), pack, 4L + 1_000_000L * i,
                28 + r.nextInt(1 << 24), r.nextInt(1 << 24), r.nextBoolean());
    }

    @Test
    void addGetContainsAcrossGrowth() {
        ChunkIndex index = new ChunkIndex();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            index.add(blob(i));
            if (i % 9_973 == 0) assertThat(index.get(blob(i / 2).type(), blob(i / 2).id())).isEqualTo(blob(i / 2));
        }
        assertThat(index.size()).isEqualTo(n);
        assertThat(index.packCount()).isEqualTo(1000);
        for (int i = 0; i < n; i++) {
            BlobRef b = blob(i);
            assertThat(index.get(b.type(), b.id())).isEqualTo(b);
            assertThat(index.contains(b.type(), b.id())).isTrue();
        }
        Random r = new Random(-1);
        for (int i = 0; i < 10_000; i++) {
            Id missing = randomId(r);
            assertThat(index.get(BlobType.DATA, missing)).isNull();
            assertThat(index.contains(BlobType.TREE, missing)).isFalse();
        }
    }

    @Test
    void emptyIndex() {
        ChunkIndex index = new ChunkIndex();
        assertThat(index.size()).isZero();
        assertThat(index.packCount()).isZero();
        assertThat(index.get(BlobType.DATA, id(1))).isNull();
        assertThat(index.contains(BlobType.DATA, id(1))).isFalse();
        List<BlobRef> all = new ArrayList<>();
        index.forEach(all::add);
        assertThat(all).isEmpty();
    }

    @Test
    void duplicatesKeepTheFirstLocation() {
        ChunkIndex index = new ChunkIndex();
        BlobRef first = new BlobRef(BlobType.DATA, id(1), id(0xa1), 4, 100, 200, true);
        BlobRef second = new BlobRef(BlobType.DATA, id(1), id(0xa2), 8, 50, 200, false);
        index.add(first);
        index.add(second);
        index.add(first);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(BlobType.DATA, id(1))).isEqualTo(first);
        assertThat(index.packCount()).isEqualTo(1); // the second pack was never numbered
    }

    @Test
    void sameIdWithAnotherTypeIsAnotherBlob() {
        ChunkIndex index = new ChunkIndex();
        BlobRef data = new BlobRef(BlobType.DATA, id(1), id(0xa1), 4, 100, 200, true);
        BlobRef tree = new BlobRef(BlobType.TREE, id(1), id(0xb1), 4, 60, 32, false);
        index.add(data);
        assertThat(index.contains(BlobType.TREE, id(1))).isFalse();
        index.add(tree);
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.get(BlobType.DATA, id(1))).isEqualTo(data);
        assertThat(index.get(BlobType.TREE, id(1))).isEqualTo(tree);
    }

    @Test
    void idsSharingTheirHashCodeAreAllFound() {
        // Id.hashCode is the first four bytes: make 5000 ids that collide there
        ChunkIndex index = new ChunkIndex();
        List<BlobRef> refs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[32];
            b[0] = 0x12;
            b[1] = 0x34;
            b[30] = (byte) i;
            b[31] = (byte) (i >> 8);
            BlobRef ref = new BlobRef(i % 2 == 0 ? BlobType.DATA : BlobType.TREE, Id.of(b), id(9), 4 + i, 30, 2, false);
            refs.add(ref);
            index.add(ref);
        }
        assertThat(index.size()).isEqualTo(5000);
        for (BlobRef r : refs) assertThat(index.get(r.type(), r.id())).isEqualTo(r);
        BlobRef r0 = refs.get(0);
        assertThat(index.get(BlobType.TREE, r0.id())).isNull();
    }

    @Test
    void fieldsAtTheirLimitsArePreserved() {
        ChunkIndex index = new ChunkIndex();
        BlobRef big = new BlobRef(BlobType.TREE, id(0xff), id(0xfe), Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, true);
        BlobRef small = new BlobRef(BlobType.DATA, id(0x00), id(0x00), 0, 0, 0, false);
        index.add(big);
        index.add(small);
        assertThat(index.get(BlobType.TREE, id(0xff))).isEqualTo(big);
        assertThat(index.get(BlobType.DATA, id(0x00))).isEqualTo(small);
    }

    @Test
    void forEachVisitsEveryBlobInInsertionOrder() {
        ChunkIndex index = new ChunkIndex();
        List<BlobRef> added = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            index.add(blob(i));
            added.add(blob(i));
        }
        index.add(blob(5)); // a duplicate changes nothing
        List<BlobRef> seen = new ArrayList<>();
        index.forEach(seen::add);
        assertThat(seen).isEqualTo(added);
    }

    @Test
    void concurrentAddsFromSeveralThreads() throws Exception {
        ChunkIndex index = new ChunkIndex();
        int threads = 6, perThread = 30_000, distinct = 60_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    Random r = new Random(seed);
                    for (int i = 0; i < perThread; i++) {
                        BlobRef b = blob(r.nextInt(distinct));
                        index.add(b);
                        if (!b.equals(index.get(b.type(), b.id()))) throw new AssertionError("lost " + b);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            Random r = new Random(t);
            for (int i = 0; i < perThread; i++) expected.add(r.nextInt(distinct));
        }
        assertThat(index.size()).isEqualTo(expected.size());
        for (int i : expected) assertThat(index.get(blob(i).type(), blob(i).id())).isEqualTo(blob(i));
        Set<Id> ids = new HashSet<>();
        index.forEach(b -> ids.add(b.id()));
        assertThat(ids).hasSize(expected.size());
    }
}
