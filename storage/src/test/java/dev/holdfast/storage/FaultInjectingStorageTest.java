package dev.holdfast.storage;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

import static dev.holdfast.storage.FaultInjectingStorage.Op.DELETE;
import static dev.holdfast.storage.FaultInjectingStorage.Op.GET;
import static dev.holdfast.storage.FaultInjectingStorage.Op.GET_RANGE;
import static dev.holdfast.storage.FaultInjectingStorage.Op.LIST;
import static dev.holdfast.storage.FaultInjectingStorage.Op.PUT;
import static dev.holdfast.storage.FaultInjectingStorage.Op.STAT;
import static dev.holdfast.storage.StorageContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectingStorageTest {
    private final MemoryStorage backing = new MemoryStorage();
    private final FaultInjectingStorage storage = new FaultInjectingStorage(backing);
    private final IOException boom = new IOException("boom");

    @Test
    void failPutsAfterLetsTheFirstPutsThrough() throws Exception {
        storage.failPutsAfter(2);
        storage.put("a", bytes("1"));
        storage.put("b", bytes("2"));
        assertThatThrownBy(() -> storage.put("c", bytes("3"))).isInstanceOf(IOException.class)
                .hasMessageContaining("injected");
        assertThatThrownBy(() -> storage.put("a", bytes("new"))).isInstanceOf(IOException.class);
        assertThat(StorageContract.names(backing.list(""))).containsExactly("a", "b");
        assertThat(backing.get("a")).isEqualTo(bytes("1"));
        assertThat(storage.injectedFailures()).isEqualTo(2);
        assertThat(storage.get("b")).isEqualTo(bytes("2"));
    }

    @Test
    void failedPutLeavesNothingVisible() throws Exception {
        storage.failPutsMatching(n -> n.startsWith("index/"), boom);
        assertThatThrownBy(() -> storage.put("index/i1", bytes("x"))).isSameAs(boom);
        storage.put("data/d1", bytes("y"));
        assertThat(storage.stat("index/i1")).isEmpty();
        assertThatThrownBy(() -> storage.get("index/i1")).isInstanceOf(NotFoundException.class);
        assertThat(StorageContract.names(storage.list(""))).containsExactly("data/d1");
    }

    @Test
    void failPutsAfterStoringLosesOnlyTheAcknowledgement() throws Exception {
        storage.failPutsAfterStoring("snapshots/s1"::equals, boom);
        assertThatThrownBy(() -> storage.put("snapshots/s1", bytes("snap"))).isSameAs(boom);
        assertThat(storage.get("snapshots/s1")).isEqualTo(bytes("snap"));
        assertThat(storage.injectedFailures()).isOne();
    }

    @Test
    void failGetsMatchingFailsGetAndGetRange() throws Exception {
        storage.put("data/bad", bytes("x"));
        storage.put("data/good", bytes("y"));
        storage.failGetsMatching(n -> n.endsWith("bad"), boom);
        assertThatThrownBy(() -> storage.get("data/bad")).isSameAs(boom);
        assertThatThrownBy(() -> storage.getRange("data/bad", 0, 1)).isSameAs(boom);
        assertThat(storage.get("data/good")).isEqualTo(bytes("y"));
        assertThat(storage.stat("data/bad")).isPresent();
    }

    @Test
    void failNextIsTransient() throws Exception {
        storage.put("x", bytes("x"));
        storage.failNext(GET, 2, boom);
        assertThatThrownBy(() -> storage.get("x")).isSameAs(boom);
        assertThatThrownBy(() -> storage.get("x")).isSameAs(boom);
        assertThat(storage.get("x")).isEqualTo(bytes("x"));
        assertThat(storage.calls(GET)).isEqualTo(3);
    }

    @Test
    void anyOperationCanBeMadeToFail() throws Exception {
        storage.put("keys/k1", bytes("k"));
        storage.fail(EnumSet.of(LIST, STAT, DELETE), n -> n.startsWith("keys/"), boom);
        assertThatThrownBy(() -> storage.list("keys/")).isSameAs(boom);
        assertThatThrownBy(() -> storage.stat("keys/k1")).isSameAs(boom);
        assertThatThrownBy(() -> storage.delete("keys/k1")).isSameAs(boom);
        assertThat(storage.list("")).hasSize(1);
        assertThat(backing.get("keys/k1")).isEqualTo(bytes("k"));
    }

    @Test
    void noSpaceAfterBytesFailsPutsPastTheLimit() throws Exception {
        storage.put("before", new byte[1000]);
        storage.noSpaceAfterBytes(100);
        storage.put("a", new byte[60]);
        assertThatThrownBy(() -> storage.put("data/ab/abcd", new byte[50]))
                .isInstanceOf(IOException.class)
                .hasMessage("writing data/ab/abcd to " + backing.location()
                        + ": No space left on device");
        storage.put("b", new byte[40]);
        assertThatThrownBy(() -> storage.put("c", new byte[1])).isInstanceOf(IOException.class);
        storage.put("empty", new byte[0]);
        assertThat(StorageContract.names(backing.list("")))
                .containsExactly("a", "b", "before", "empty");
    }

    @Test
    void corruptChangesWhatReadsReturnButNotTheStoredBlob() throws Exception {
        byte[] data = bytes("0123456789");
        storage.put("packs/p", data);
        storage.corrupt("packs/p", b -> {
            b[3] ^= 0x20;
            return b;
        });
        byte[] read = storage.get("packs/p");
        assertThat(read).hasSize(10).isNotEqualTo(data);
        assertThat(read[3]).isEqualTo((byte) ('3' ^ 0x20));
        assertThat(storage.getRange("packs/p", 2, 3)).isEqualTo(Arrays.copyOfRange(read, 2, 5));
        assertThat(backing.get("packs/p")).isEqualTo(data);
    }

    @Test
    void truncatingCorruptionMakesRangesPastTheNewEndFail() throws Exception {
        storage.put("packs/p", new byte[100]);
        storage.corruptMatching(n -> n.startsWith("packs/"), b -> Arrays.copyOf(b, 50));
        assertThat(storage.get("packs/p")).hasSize(50);
        assertThat(storage.getRange("packs/p", 40, 10)).hasSize(10);
        assertThatThrownBy(() -> storage.getRange("packs/p", 45, 10))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void clearFaultsRestoresNormalBehaviour() throws Exception {
        storage.failPutsAfter(0).noSpaceAfterBytes(0).corrupt("x", b -> new byte[0]);
        assertThatThrownBy(() -> storage.put("x", bytes("x"))).isInstanceOf(IOException.class);
        storage.clearFaults();
        storage.put("x", bytes("x"));
        assertThat(storage.get("x")).isEqualTo(bytes("x"));
    }

    @Test
    void countersCountCallsAndBytes() throws Exception {
        storage.put("a", new byte[10]);
        storage.put("b", new byte[5]);
        storage.get("a");
        storage.getRange("a", 2, 3);
        storage.stat("a");
        storage.list("");
        storage.delete("b");
        assertThatThrownBy(() -> storage.get("b")).isInstanceOf(NotFoundException.class);
        assertThat(storage.calls(PUT)).isEqualTo(2);
        assertThat(storage.calls(GET)).isEqualTo(2);
        assertThat(storage.calls(GET_RANGE)).isOne();
        assertThat(storage.calls(STAT)).isOne();
        assertThat(storage.calls(LIST)).isOne();
        assertThat(storage.calls(DELETE)).isOne();
        assertThat(storage.bytesWritten()).isEqualTo(15);
        assertThat(storage.bytesRead()).isEqualTo(13);
        storage.resetCounters();
        assertThat(storage.calls(PUT)).isZero();
        assertThat(storage.bytesWritten()).isZero();
    }

    @Test
    void decoratesAnyStorage() {
        assertThat(storage.location()).isEqualTo(backing.location());
        assertThat(storage.delegate()).isSameAs(backing);
    }
}
