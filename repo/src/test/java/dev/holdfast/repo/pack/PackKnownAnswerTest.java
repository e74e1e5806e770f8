package dev.holdfast.repo.pack;

import static dev.holdfast.repo.TestData.ID_KEY;
import static dev.holdfast.repo.TestData.KEY;
import static dev.holdfast.repo.TestData.text;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pack built by an independent implementation (Python, OpenSSL AES-GCM, the zstd command) from
 * the format, under encryption key 00..1f and id key 20..3f: two data blobs, the first stored raw
 * ("hello, holdfast\n", nonce 60..6b), the second compressed ("0123456789" x 30, nonce 70..7b),
 * then the header sealed with nonce 80..8b. Any change to how packs are read breaks this test.
 */
class PackKnownAnswerTest {
    static final String PACK = "48465001"
            + "606162636465666768696a6b82bef739d46ca307137a9d4d13feb54963221fe931992bc1f7df52e3df16d6f0"
            + "707172737475767778797a7b3f3295dab3911134447a06e3e37385e29b00fdb4059b53efae9cb385f8231300b234722b2509bb00fec2"
            + "808182838485868788898a8b61a72a1b0e39cf385c0d12f5040aee50604fbd3d427273415306b04d377150d7931b49659ca9ed23facf"
            + "ad9295b83e3c83832403e8166053925bab1af3d1a4b9080516425796aaac9398f579b6222781f1dcae8267a70eebfc579c"
            + "67000000";
    static final String PACK_ID = "f16e0660850ab71b4c493526810d08c52d4f140ac6d6c41c27043c96e0870f4f";
    static final byte[] FIRST = "hello, holdfast\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SECOND = text(300, "0123456789");

    @Test
    void theVectorIsWhatItSays() {
        Hashes ids = new Hashes(ID_KEY);
        assertThat(ids.id(FIRST).hex()).isEqualTo("4f2b2ea9c28607c542794475c71108c248c27e4b7efb3085818d6d23ba96dd72");
        assertThat(ids.id(SECOND).hex()).isEqualTo("7fc90bdfcad6cfa92f62c053929703dc24146dfa087735da32038d63ce840d83");
        assertThat(Hashes.sha256(unhex(PACK)).hex()).isEqualTo(PACK_ID);
    }

    @Test
    void headerParsesToTheExpectedReferences() throws Exception {
        Id pack = Id.parse(PACK_ID);
        List<BlobRef> refs = PackReader.header(new Aead(KEY), pack, unhex(PACK));
        assertThat(refs).containsExactly(
                new BlobRef(BlobType.DATA, Id.parse("4f2b2ea9c28607c542794475c71108c248c27e4b7efb3085818d6d23ba96dd72"), pack, 4, 44, 16, false),
                new BlobRef(BlobType.DATA, Id.parse("7fc90bdfcad6cfa92f62c053929703dc24146dfa087735da32038d63ce840d83"), pack, 48, 54, 300, true));
    }

    @Test
    void blobsOpen() throws Exception {
        byte[] bytes = unhex(PACK);
        List<BlobRef> refs = PackReader.header(new Aead(KEY), Id.parse(PACK_ID), bytes);
        Sealing sealing = new Sealing(new Aead(KEY));
        assertThat(sealing.open(refs.get(0), bytes, (int) refs.get(0).offset())).isEqualTo(FIRST);
        assertThat(sealing.open(refs.get(1), bytes, (int) refs.get(1).offset())).isEqualTo(SECOND);
        // a ranged read of just the blob, as the content store does
        byte[] range = java.util.Arrays.copyOfRange(bytes, 48, 48 + 54);
        assertThat(sealing.open(refs.get(1), range, 0)).isEqualTo(SECOND);
    }
}
