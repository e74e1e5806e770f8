package dev.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.FaultInjectingStorage.Op;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryingStorageTest {
    final List<Duration> waits = new ArrayList<>();
    final FaultInjectingStorage faulty = new FaultInjectingStorage(new MemoryStorage());
    final RetryingStorage storage = new RetryingStorage(faulty, 4, Duration.ofMillis(100), waits::add);

    @Nested
    class Contract extends StorageContract {
        @Override
        protected Storage newStorage() {
            return new RetryingStorage(new MemoryStorage(), 3, Duration.ofMillis(1));
        }
    }

    @Test
    void transientFailuresAreRetriedWithGrowingWaits() throws Exception {
        faulty.failNext(Op.PUT, 3, new IOException("connection reset"));
        storage.put("blob", new byte[] {7});
        assertThat(faulty.calls(Op.PUT)).isEqualTo(4);
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        faulty.failNext(Op.GET, 2, new IOException("timeout"));
        assertThat(storage.get("blob")).containsExactly(7);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastError() {
        faulty.fail(Set.of(Op.LIST), n -> true, new IOException("server gone"));
        assertThatThrownBy(() -> storage.list("")).hasMessage("server gone");
        assertThat(faulty.calls(Op.LIST)).isEqualTo(4);
    }

    @Test
    void failuresRetryingCannotFixPassAtOnce() throws Exception {
        assertThatThrownBy(() -> storage.get("missing")).isInstanceOf(NotFoundException.class);
        faulty.fail(Set.of(Op.STAT), n -> true, new PermanentException("access denied"));
        assertThatThrownBy(() -> storage.stat("x")).isInstanceOf(PermanentException.class);
        storage.put("short", new byte[3]);
        assertThatThrownBy(() -> storage.getRange("short", 2, 5)).isInstanceOf(java.io.EOFException.class);
        assertThat(faulty.calls(Op.GET)).isEqualTo(1);
        assertThat(faulty.calls(Op.STAT)).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void deleteWhoseFirstTryWorkedDespiteTheErrorCountsAsDone() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        mem.put("blob", new byte[1]);
        Storage lostAck = new ForwardingStorage(mem) {
            boolean first = true;

            @Override
            public void delete(String name) throws IOException {
                super.delete(name);
                if (first) {
                    first = false;
                    throw new IOException("connection lost before the answer");
                }
            }
        };
        new RetryingStorage(lostAck, 3, Duration.ZERO, waits::add).delete("blob");
        assertThat(mem.stat("blob")).isEmpty();
        assertThatThrownBy(() -> new RetryingStorage(mem, 3, Duration.ZERO).delete("blob")).isInstanceOf(NotFoundException.class);
    }
}
