package dev.holdfast.repo.content;

import static dev.holdfast.repo.TestData.ID_KEY;
import static dev.holdfast.repo.TestData.KEY;
import static dev.holdfast.repo.TestData.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.RepositoryCache;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.pack.Sealing;
import dev.holdfast.storage.MemoryStorage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a resumable copy needs from the content store: frequent index files, orphan packs indexed, payloads stored as given. */
class ResumeSupportTest {
    private final Aead aead = new Aead(KEY);
    private final Hashes hashes = new Hashes(ID_KEY);

    private ContentStore store(MemoryStorage storage) {
        return new ContentStore(storage, new Sealing(aead), hashes, new ChunkIndex(), RepositoryCache.disabled(), 1 << 20, 2);
    }

    private List<Id> fill(ContentStore s, int blobs, long seed) throws IOException {
        List<Id> ids = new ArrayList<>();
        for (int i = 0; i < blobs; i++) {
            byte[] b = random(300_000, seed + i);
            Id id = s.id(b, 0, b.length);
            s.put(BlobType.DATA, id, b, 0, b.length, new Compressor(3));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void indexEveryPackWritesAnIndexFilePerPack() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        ContentStore s = store(storage);
        s.indexEvery(1);
        fill(s, 12, 1); // incompressible 300 kB blobs: a 1 MiB pack closes after four, so three packs
        s.flush();
        s.close();
        assertThat(storage.list("index/")).as("one per pack (the default writes one at the end)").hasSize(3);
    }

    @Test
    void packsNoIndexNamesAreIndexedFromTheirHeaders() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        ContentStore first = store(storage);
        List<Id> ids = fill(first, 10, 2);
        first.flush();
        for (var f : storage.list("index/")) storage.delete(f.name()); // as if killed before the index was written
        storage.put("data/00/" + "00".repeat(32), new byte[] {1, 2, 3}); // not a pack: left alone

        ContentStore second = store(storage);
        int packs = storage.list("data/").size() - 1;
        assertThat(second.indexOrphanPacks()).isEqualTo(packs);
        for (Id id : ids) assertThat(second.contains(BlobType.DATA, id)).isTrue();
        assertThat(storage.list("index/")).hasSize(1);
        assertThat(second.indexOrphanPacks()).as("nothing left to index").isZero();
        second.close();
        first.close();
    }

    @Test
    void aPayloadIsStoredAsGivenAndReadsBack() throws IOException {
        MemoryStorage storage = new MemoryStorage();
        ContentStore s = store(storage);
        byte[] plain = "a payload stored without compressing it again ".repeat(100).getBytes();
        Id id = hashes.id(plain);
        byte[] frame = new Compressor(3).compress(plain, 0, plain.length);
        assertThat(s.putPayload(BlobType.DATA, id, frame, plain.length, true)).isPositive();
        assertThat(s.putPayload(BlobType.DATA, id, frame, plain.length, true)).as("deduplicated").isZero();
        s.flush();
        BlobRef ref = s.locate(BlobType.DATA, id);
        assertThat(ref.compressed()).isTrue();
        assertThat(s.get(BlobType.DATA, id)).isEqualTo(plain);
        s.close();
    }
}
