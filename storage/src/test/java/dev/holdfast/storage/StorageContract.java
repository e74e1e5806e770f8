package dev.holdfast.storage;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link Storage} implementation must have. A backend's test extends this
 * class and implements {@link #newStorage()}, which must return an empty storage each time.
 * Other modules get this class from the holdfast-storage test-jar.
 */
public abstract class StorageContract {
    /** An empty storage, used by one test and closed after it. */
    protected abstract Storage newStorage() throws Exception;

    protected Storage storage;

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() throws Exception {
        if (storage != null) {
            storage.close();
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static List<String> names(List<BlobInfo> infos) {
        return infos.stream().map(BlobInfo::name).toList();
    }

    // ---- put / get ----------------------------------------------------------------------------

    @Test
    void emptyBlobRoundTrips() throws Exception {
        storage.put("empty", new byte[0]);
        assertThat(storage.get("empty")).isEmpty();
        assertThat(storage.stat("empty")).contains(new BlobInfo("empty", 0));
    }

    @Test
    void oneByteBlobRoundTrips() throws Exception {
        storage.put("one", new byte[] {42});
        assertThat(storage.get("one")).containsExactly(42);
    }

    @Test
    void largeBlobRoundTrips() throws Exception {
        byte[] data = random(20 << 20, 1);
        storage.put("data/4f/large", data);
        assertThat(storage.get("data/4f/large")).isEqualTo(data);
        assertThat(storage.stat("data/4f/large")).contains(new BlobInfo("data/4f/large", data.length));
    }

    @Test
    void storedBlobIsACopy() throws Exception {
        byte[] data = bytes("original");
        storage.put("copy", data);
        data[0] = 'X';
        byte[] read = storage.get("copy");
        read[1] = 'Y';
        assertThat(storage.get("copy")).isEqualTo(bytes("original"));
    }

    @Test
    void overwriteReplacesBlob() throws Exception {
        storage.put("config", bytes("first version, longer"));
        storage.put("config", bytes("second"));
        assertThat(storage.get("config")).isEqualTo(bytes("second"));
        assertThat(storage.stat("config")).contains(new BlobInfo("config", 6));
        assertThat(storage.list("")).containsExactly(new BlobInfo("config", 6));
    }

    // ---- getRange -----------------------------------------------------------------------------

    @Test
    void getRangeReadsStartMiddleAndEnd() throws Exception {
        byte[] data = random(100_000, 2);
        storage.put("packs/p1", data);
        assertThat(storage.getRange("packs/p1", 0, 10)).isEqualTo(Arrays.copyOfRange(data, 0, 10));
        assertThat(storage.getRange("packs/p1", 4_321, 50_000))
                .isEqualTo(Arrays.copyOfRange(data, 4_321, 54_321));
        assertThat(storage.getRange("packs/p1", 99_990, 10))
                .isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
        assertThat(storage.getRange("packs/p1", 0, 100_000)).isEqualTo(data);
        assertThat(storage.getRange("packs/p1", 100_000, 0)).isEmpty();
    }

    @Test
    void readFillsPartOfACallersBuffer() throws Exception {
        byte[] data = random(300_000, 3);
        storage.put("packs/p2", data);
        byte[] buf = new byte[300_010];
        Arrays.fill(buf, (byte) 7);
        storage.read("packs/p2", 1_000, buf, 5, 299_000);
        assertThat(Arrays.copyOfRange(buf, 5, 299_005)).isEqualTo(Arrays.copyOfRange(data, 1_000, 300_000));
        assertThat(Arrays.copyOfRange(buf, 0, 5)).containsOnly(7);
        assertThat(Arrays.copyOfRange(buf, 299_005, 300_010)).containsOnly(7);
        assertThatThrownBy(() -> storage.read("packs/p2", 299_999, buf, 0, 2)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> storage.read("packs/p2", 0, buf, 300_000, 11)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> storage.read("missing", 0, buf, 0, 1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void getRangePastEndThrowsEof() throws Exception {
        storage.put("short", new byte[10]);
        assertThatThrownBy(() -> storage.getRange("short", 5, 6)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> storage.getRange("short", 0, 11)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> storage.getRange("short", 11, 0)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> storage.getRange("short", Long.MAX_VALUE, 1))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void getRangeRejectsNegativeArguments() throws Exception {
        storage.put("blob", new byte[10]);
        assertThatThrownBy(() -> storage.getRange("blob", -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.getRange("blob", 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- missing blobs ------------------------------------------------------------------------

    @Test
    void getOfMissingBlobThrowsNotFound() {
        assertThatThrownBy(() -> storage.get("missing")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void getRangeOfMissingBlobThrowsNotFound() {
        assertThatThrownBy(() -> storage.getRange("data/00/missing", 0, 1))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("data/00/missing");
    }

    @Test
    void deleteOfMissingBlobThrowsNotFound() {
        assertThatThrownBy(() -> storage.delete("missing")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void deleteRemovesBlob() throws Exception {
        storage.put("index/i1", bytes("x"));
        storage.put("index/i2", bytes("y"));
        storage.delete("index/i1");
        assertThatThrownBy(() -> storage.get("index/i1")).isInstanceOf(NotFoundException.class);
        assertThat(storage.stat("index/i1")).isEmpty();
        assertThat(names(storage.list(""))).containsExactly("index/i2");
        assertThatThrownBy(() -> storage.delete("index/i1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteAllRemovesTheBlobsThatExistAndSkipsTheOthers() throws Exception {
        storage.put("data/aa/p1", bytes("1"));
        storage.put("data/bb/p2", bytes("2"));
        storage.put("data/bb/p3", bytes("3"));
        storage.put("index/keep", bytes("k"));
        storage.deleteAll(java.util.List.of("data/aa/p1", "data/bb/p2", "data/cc/never", "data/bb/p3", "data/aa/p1"));
        assertThat(names(storage.list(""))).containsExactly("index/keep");
        storage.deleteAll(java.util.List.of());
        assertThat(names(storage.list(""))).containsExactly("index/keep");
    }

    @Test
    void statReportsPresentAndAbsentBlobs() throws Exception {
        storage.put("snapshots/s1", new byte[123]);
        assertThat(storage.stat("snapshots/s1")).contains(new BlobInfo("snapshots/s1", 123));
        assertThat(storage.stat("snapshots/s2")).isEmpty();
        assertThat(storage.stat("nothing/here/at/all")).isEmpty();
    }

    @Test
    void aPrefixOfBlobNamesIsNotABlob() throws Exception {
        storage.put("dir/blob", bytes("x"));
        assertThatThrownBy(() -> storage.get("dir")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> storage.getRange("dir", 0, 0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> storage.delete("dir")).isInstanceOf(NotFoundException.class);
        assertThat(storage.stat("dir")).isEmpty();
        assertThat(storage.get("dir/blob")).isEqualTo(bytes("x"));
    }

    @Test
    void aNameBelowABlobIsMissing() throws Exception {
        storage.put("file", bytes("x"));
        assertThatThrownBy(() -> storage.get("file/below")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> storage.getRange("file/below", 0, 0))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> storage.delete("file/below")).isInstanceOf(NotFoundException.class);
        assertThat(storage.stat("file/below")).isEmpty();
        assertThat(storage.list("file/")).isEmpty();
    }

    // ---- list ---------------------------------------------------------------------------------

    @Test
    void listByPrefixIsSortedAndExact() throws Exception {
        for (String name : List.of("data/ab/abff", "data/ab/ab01", "data/ac/ac00", "data/abc",
                "database", "index/i1", "config")) {
            storage.put(name, bytes(name));
        }
        assertThat(names(storage.list("data/")))
                .containsExactly("data/ab/ab01", "data/ab/abff", "data/abc", "data/ac/ac00");
        assertThat(names(storage.list("data/ab/"))).containsExactly("data/ab/ab01", "data/ab/abff");
        assertThat(names(storage.list("data/ab"))).containsExactly("data/ab/ab01", "data/ab/abff",
                "data/abc");
        assertThat(names(storage.list("data"))).containsExactly("data/ab/ab01", "data/ab/abff",
                "data/abc", "data/ac/ac00", "database");
        assertThat(storage.list("data/ab/ab0")).containsExactly(new BlobInfo("data/ab/ab01", 12));
        assertThat(storage.list("config")).containsExactly(new BlobInfo("config", 6));
    }

    @Test
    void emptyPrefixListsEverything() throws Exception {
        List<String> all = List.of("a", "b/c", "b/d/e", "config", "z.z");
        for (String name : all.reversed()) {
            storage.put(name, new byte[name.length()]);
        }
        List<BlobInfo> listed = storage.list("");
        assertThat(names(listed)).containsExactlyElementsOf(all);
        assertThat(listed).allSatisfy(b -> assertThat(b.size()).isEqualTo(b.name().length()));
    }

    @Test
    void listSortsByWholeNameAcrossLevels() throws Exception {
        for (String name : List.of("a/b", "a0", "a.b", "a-b", "a_b", "A")) {
            storage.put(name, new byte[0]);
        }
        assertThat(names(storage.list(""))).containsExactly("A", "a-b", "a.b", "a/b", "a0", "a_b");
    }

    @Test
    void listOfUnknownPrefixIsEmpty() throws Exception {
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.list("data/")).isEmpty();
        storage.put("data/ab/x", new byte[1]);
        assertThat(storage.list("index/")).isEmpty();
        assertThat(storage.list("data/ac")).isEmpty();
        assertThat(storage.list("data/ab/x/")).isEmpty();
        assertThat(storage.list("data/ab/xy")).isEmpty();
    }

    @Test
    void listNeverShowsTemporaryFiles() throws Exception {
        for (int i = 0; i < 20; i++) {
            storage.put("blob" + i, new byte[i]);
        }
        assertThat(storage.list("")).hasSize(20)
                .allSatisfy(b -> assertThat(b.name()).startsWith("blob"));
        assertThat(storage.list("tmp/")).isEmpty();
    }

    // ---- names --------------------------------------------------------------------------------

    @Test
    void namesWithDotsDashesAndUnderscoresWork() throws Exception {
        List<String> names = List.of(".hidden", "a.b-c_d", "v1.2.3/file-name_1.tar.gz", "...x",
                "-dash/_under/.dot", "tmp.1", "tmpx", "x/tmp/y");
        for (String name : names) {
            storage.put(name, bytes(name));
        }
        for (String name : names) {
            assertThat(storage.get(name)).as(name).isEqualTo(bytes(name));
        }
        assertThat(names(storage.list(""))).containsExactlyElementsOf(names.stream().sorted().toList());
    }

    @Test
    void longestValidNamesWork() throws Exception {
        String segment = "s".repeat(NameRules.MAX_SEGMENT);
        String longest = String.join("/", segment, segment, segment, "t".repeat(254), "u");
        assertThat(longest).hasSize(NameRules.MAX_NAME);
        String single = "r".repeat(NameRules.MAX_SEGMENT);
        storage.put(single, bytes("1"));
        storage.put(longest, bytes("2"));
        assertThat(storage.get(single)).isEqualTo(bytes("1"));
        assertThat(storage.get(longest)).isEqualTo(bytes("2"));
        assertThat(names(storage.list(""))).containsExactly(single, longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/abs", "trailing/", "a//b", ".", "..", "a/../b", "a/./b", "../a",
        "tmp", "tmp/x", "sp ace", "back\\slash", "colon:x", "star*", "ümlaut", "nul\u0000x",
        "new\nline", "semi;colon"})
    void invalidNamesAreRejected(String name) {
        assertThatThrownBy(() -> storage.put(name, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.get(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.getRange(name, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.delete(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.stat(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlongNamesAreRejected() {
        String longSegment = "x".repeat(NameRules.MAX_SEGMENT + 1);
        String longName = "ab/".repeat(NameRules.MAX_NAME / 3) + "abc";
        assertThatThrownBy(() -> storage.put(longSegment, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.put(longName, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/data", "data//", "../", "a/../", "sp ace", "x*"})
    void invalidPrefixesAreRejected(String prefix) {
        assertThatThrownBy(() -> storage.list(prefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> storage.put(null, new byte[1]))
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
        assertThatThrownBy(() -> storage.put("x", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> storage.list(null))
                .isInstanceOfAny(IllegalArgumentException.class, NullPointerException.class);
    }

    @Test
    void locationIsNamed() {
        assertThat(storage.location()).isNotBlank();
    }

    // ---- concurrency --------------------------------------------------------------------------

    @Test
    @Timeout(120)
    void concurrentPutsOfDistinctBlobsAreAllVisible() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < 200; i += 8) {
                        String name = String.format("data/%02x/blob-%03d", i % 16, i);
                        storage.put(name, random(i * 37, i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<BlobInfo> listed = storage.list("data/");
        assertThat(listed).hasSize(200);
        for (int i = 0; i < 200; i++) {
            String name = String.format("data/%02x/blob-%03d", i % 16, i);
            assertThat(storage.get(name)).as(name).isEqualTo(random(i * 37, i));
        }
        assertThat(names(listed)).isSorted();
    }

    @Test
    @Timeout(120)
    void readersNeverSeeAPartialBlobWhileItIsOverwritten() throws Exception {
        byte[] a = random(1 << 20, 10);
        byte[] b = random(700_000, 11);
        storage.put("hot/blob", a);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    while (writing.get() || reads.get() < 10) {
                        byte[] seen = storage.get("hot/blob");
                        if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                            throw new AssertionError("partial blob of " + seen.length + " bytes");
                        }
                        Optional<BlobInfo> info = storage.stat("hot/blob");
                        assertThat(info).isPresent();
                        assertThat(info.get().size()).isIn((long) a.length, (long) b.length);
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                for (int i = 0; i < 40; i++) {
                    storage.put("hot/blob", i % 2 == 0 ? b : a);
                }
            } finally {
                writing.set(false);
            }
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(reads.get()).isGreaterThanOrEqualTo(10);
        assertThat(storage.get("hot/blob")).isEqualTo(a);
    }
}
