package dev.holdfast.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.chunk.FastCdc;
import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.source.SourceFs;
import dev.holdfast.hash.Id;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryInit;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.storage.MemoryStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FileSaver cuts every file exactly where the chunker cuts the whole file, however reads arrive. */
class FileSaverTest {
    private static final ChunkerParams SMALL = new ChunkerParams(1024, 4096, 16384);

    /** A file held in memory whose reads return at most {@code piece} bytes. */
    private record MemoryFile(byte[] data, int piece) implements SourceFs.OpenFile {
        @Override public Stat stat() {
            return new Stat(1, 1, Stat.S_IFREG | 0644, 1, 0, 0, 0, data.length, (data.length + 511) / 512, 0, 0, 0);
        }

        @Override public int pread(byte[] buf, int off, int len, long position) {
            int n = (int) Math.max(0, Math.min(Math.min(len, piece), data.length - position));
            System.arraycopy(data, (int) position, buf, off, n);
            return n;
        }

        @Override public long seekData(long from) { return from; }

        @Override public long seekHole(long from) { return data.length; }

        @Override public void close() {}
    }

    /** The chunks of the whole file, cut with all of it at hand. */
    private static List<Id> reference(ContentStore store, FastCdc cdc, byte[] d) {
        List<Id> out = new ArrayList<>();
        for (int off = 0; off < d.length; ) {
            int len = cdc.cut(d, off, Math.min(d.length - off, SMALL.max()));
            out.add(store.id(d, off, len));
            off += len;
        }
        return out;
    }

    @Test
    void chunksMatchTheChunkerOverTheWholeFile() throws IOException {
        Repository repo = RepositoryInit.init(new MemoryStorage(), "pw".getBytes(StandardCharsets.UTF_8),
                new RepositoryInit.Options(SMALL, 3, 1 << 20), null, null, "2025-01-01T00:00:00Z", "h", "u");
        ContentStore store = repo.content();
        FastCdc cdc = new FastCdc(SMALL, repo.config().chunkerSecretBytes());
        FileSaver saver = new FileSaver(store, cdc, new Compressor(3), new BackupProgress(), 2);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int size : new int[] {0, 1, 1023, 1024, 1025, 16_383, 16_384, 16_385, 50_000, 3 * 16_384, 200_001}) {
            byte[] random = new byte[size];
            rnd.nextBytes(random);
            byte[] mixed = random.clone();
            Arrays.fill(mixed, size / 3, 2 * size / 3, (byte) 0); // a run with no boundary: chunks of max
            for (byte[] d : new byte[][] {random, mixed}) {
                for (int piece : new int[] {1, 777, 4096, 1 << 20}) {
                    if (piece == 1 && size > 20_000) continue;
                    FileSaver.Saved saved = saver.save(new MemoryFile(d, piece), new MemoryFile(d, piece).stat());
                    assertThat(saved.chunks()).as("size %d, reads of %d", size, piece).isEqualTo(reference(store, cdc, d));
                    assertThat(saved.size()).isEqualTo(size);
                    assertThat(saved.changed()).isFalse();
                }
            }
        }
        store.flush();
    }
}
