package dev.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitedStorageTest {
    @TempDir Path dir;

    @Nested
    class Contract extends StorageContract {
        @Override
        protected Storage newStorage() {
            return new RateLimitedStorage(new MemoryStorage(), 1L << 40, 1L << 40);
        }
    }

    @Test
    void uploadsKeepUnderTheLimit() throws Exception {
        Storage s = new RateLimitedStorage(new MemoryStorage(), 400 << 10, 0);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) s.put("b" + i, new byte[100 << 10]);
        Path f = Files.write(s.stagingDirectory().resolve("rate-test-" + System.nanoTime()), new byte[100 << 10]);
        s.putFile("f", f);
        // Six blobs of 100 KiB at 400 KiB/s: the last may start 1.25 s after the first.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(1_200_000_000L);
        assertThat(s.list("")).hasSize(6);
    }

    @Test
    void downloadsKeepUnderTheLimitAndUploadsAreNotSlowedByIt() throws Exception {
        MemoryStorage mem = new MemoryStorage();
        Storage s = new RateLimitedStorage(mem, 0, 400 << 10);
        s.put("b", new byte[200 << 10]);
        s.put("c", new byte[200 << 10]);
        long start = System.nanoTime();
        s.get("b");
        s.getRange("b", 0, 100 << 10);
        s.get("c");
        // 500 KiB at 400 KiB/s: the last read waits until 0.75 s, when the first two are paid for.
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(700_000_000L);
    }

    @Test
    void sizesReadAsBytesPerSecond() {
        assertThat(Sizes.parse("--limit-upload", "512", 1024)).isEqualTo(512 << 10);
        assertThat(Sizes.parse("--limit-upload", "2M", 1024)).isEqualTo(2 << 20);
        assertThat(Sizes.parse("--limit-upload", "1.5MiB/s", 1024)).isEqualTo(3 << 19);
        assertThat(Sizes.parse("x", "1g", 1)).isEqualTo(1 << 30);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sizes.parse("--limit-upload", "fast", 1024))
                .hasMessageContaining("--limit-upload fast");
    }
}
