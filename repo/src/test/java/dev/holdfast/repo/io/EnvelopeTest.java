package dev.holdfast.repo.io;

import static dev.holdfast.repo.TestData.KEY;
import static dev.holdfast.repo.TestData.flip;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sealed-file envelope. The two known-answer files were built by an independent implementation
 * (Python, OpenSSL's AES-GCM and the zstd command) from the format description, under key 00..1f.
 */
class EnvelopeTest {
    /** Kind S, nonce 40..4b, plaintext 00 || {"hello":"world"}. */
    static final String SNAPSHOT_RAW = "48465301" + "404142434445464748494a4b"
            + "e2c28c4b4350eb6ceffe3541f4167f3f5bbbb648c0bf3bd55bf1d518e048f87d17ec";
    /** Kind I, nonce 50..5b, plaintext 01 || u32 450 || zstd frame of "holdfast " x 50. */
    static final String INDEX_ZSTD = "48464901" + "505152535455565758595a5b"
            + "93e53774e4780cc9a1b665e0cde1cbbd8c43998d4302ee022589568f3b5155bcdb40c10866b6bcd0dcafb4b60bef";

    private final Aead aead = new Aead(KEY);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void knownAnswerRawFileOpens() throws Exception {
        assertThat(new String(Envelope.open(aead, Envelope.SNAPSHOT, unhex(SNAPSHOT_RAW), "snapshots/x"), StandardCharsets.US_ASCII))
                .isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void knownAnswerCompressedFileOpens() throws Exception {
        assertThat(Envelope.open(aead, Envelope.INDEX, unhex(INDEX_ZSTD), "index/x")).isEqualTo(ascii("holdfast ".repeat(50)));
    }

    @Test
    void kindsAndVersion() {
        assertThat(Envelope.CONFIG).isEqualTo('C');
        assertThat(Envelope.INDEX).isEqualTo('I');
        assertThat(Envelope.SNAPSHOT).isEqualTo('S');
        assertThat(Envelope.VERSION).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(chars = {'C', 'I', 'S'})
    void headerIsMagicKindVersion(char kind) throws Exception {
        byte[] payload = ascii("payload");
        byte[] file = Envelope.seal(aead, kind, payload, false);
        assertThat(Arrays.copyOf(file, 4)).containsExactly('H', 'F', kind, 1);
        assertThat(file).hasSize(4 + Aead.OVERHEAD + 1 + payload.length);
        // the plaintext is the compression byte 0 and the payload; the header is the associated data
        byte[] plain = aead.open(file, 4, file.length - 4, new byte[] {'H', 'F', (byte) kind, 1});
        assertThat(plain[0]).isZero();
        assertThat(Arrays.copyOfRange(plain, 1, plain.length)).isEqualTo(payload);
        assertThat(Envelope.open(aead, kind, file, "f")).isEqualTo(payload);
    }

    @Test
    void compressedRoundTrip() throws Exception {
        byte[] payload = TestData.text(100_000, "{\"a\":1,\"b\":[1,2,3]}\n");
        byte[] file = Envelope.seal(aead, Envelope.SNAPSHOT, payload, true);
        assertThat(file.length).isLessThan(payload.length / 10);
        byte[] plain = aead.open(file, 4, file.length - 4, ascii("HFS\u0001"));
        assertThat(plain[0]).isEqualTo((byte) 1);
        assertThat(new ByteReader(plain, 1, 4, "t").u32()).isEqualTo(100_000);
        assertThat(Envelope.open(aead, Envelope.SNAPSHOT, file, "f")).isEqualTo(payload);
    }

    @Test
    void incompressiblePayloadIsStoredRawEvenWhenCompressionIsAsked() throws Exception {
        byte[] payload = TestData.random(10_000, 3);
        byte[] file = Envelope.seal(aead, Envelope.INDEX, payload, true);
        assertThat(file).hasSize(4 + Aead.OVERHEAD + 1 + payload.length);
        assertThat(Envelope.open(aead, Envelope.INDEX, file, "f")).isEqualTo(payload);
    }

    @Test
    void emptyAndTinyPayloadsRoundTrip() throws Exception {
        for (boolean compress : new boolean[] {false, true}) {
            assertThat(Envelope.open(aead, Envelope.CONFIG, Envelope.seal(aead, Envelope.CONFIG, new byte[0], compress), "f")).isEmpty();
            assertThat(Envelope.open(aead, Envelope.CONFIG, Envelope.seal(aead, Envelope.CONFIG, new byte[] {0}, compress), "f"))
                    .containsExactly(0);
        }
    }

    @Test
    void wrongKindIsRejected() {
        assertThatThrownBy(() -> Envelope.open(aead, Envelope.INDEX, unhex(SNAPSHOT_RAW), "snapshots/abc"))
                .isInstanceOf(FormatException.class)
                .hasMessage("snapshots/abc: expected a file of kind I but found S");
    }

    @Test
    void rewrittenKindFailsAuthentication() {
        // the header is authenticated: a snapshot relabelled as an index does not open as one
        byte[] file = unhex(SNAPSHOT_RAW);
        file[2] = 'I';
        assertThatThrownBy(() -> Envelope.open(aead, Envelope.INDEX, file, "index/abc"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("index/abc: damaged");
    }

    @Test
    void badMagicIsRejected() {
        for (int i : new int[] {0, 1}) {
            assertThatThrownBy(() -> Envelope.open(aead, Envelope.SNAPSHOT, flip(unhex(SNAPSHOT_RAW), i), "snapshots/abc"))
                    .isInstanceOf(FormatException.class)
                    .hasMessage("snapshots/abc: not a Holdfast file (bad magic)");
        }
        assertThatThrownBy(() -> Envelope.open(aead, Envelope.SNAPSHOT, ascii("{\"json\": true}"), "snapshots/abc"))
                .isInstanceOf(FormatException.class).hasMessageContaining("bad magic");
    }

    @Test
    void unsupportedVersionIsRejected() {
        byte[] file = unhex(SNAPSHOT_RAW);
        file[3] = 2;
        assertThatThrownBy(() -> Envelope.open(aead, Envelope.SNAPSHOT, file, "snapshots/abc"))
                .isInstanceOf(FormatException.class)
                .hasMessage("snapshots/abc: unsupported version 2 (this Holdfast reads version 1)");
    }

    @Test
    void everyFlippedByteAfterTheHeaderIsDamage() {
        byte[] file = unhex(INDEX_ZSTD);
        for (int i = 4; i < file.length; i++) {
            int at = i;
            assertThatThrownBy(() -> Envelope.open(aead, Envelope.INDEX, flip(file, at), "index/abc")).as("byte %d", at)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("index/abc: damaged (");
        }
    }

    @Test
    void everyTruncationIsAFormatExceptionNamingTheFile() {
        byte[] file = unhex(SNAPSHOT_RAW);
        for (int n = 0; n < file.length; n++) {
            byte[] cut = Arrays.copyOf(file, n);
            assertThatThrownBy(() -> Envelope.open(aead, Envelope.SNAPSHOT, cut, "snapshots/abc")).as("length %d", n)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("snapshots/abc: ");
        }
    }

    @Test
    void wrongKeyIsDamage() {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> Envelope.open(new Aead(other), Envelope.SNAPSHOT, unhex(SNAPSHOT_RAW), "snapshots/abc"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("snapshots/abc: damaged");
    }

    private byte[] sealPlain(char kind, byte[] plain) {
        byte[] header = {'H', 'F', (byte) kind, 1};
        byte[] sealed = aead.seal(plain, header);
        return new ByteWriter(0).raw(header).raw(sealed).toByteArray();
    }

    @Test
    void authenticPlaintextsThatBreakTheFormatAreRejected() {
        byte[] frame = new Compressor(3).compress(ascii("x".repeat(1000)), 0, 1000);
        // no compression byte at all
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', new byte[0]), "s"))
                .isInstanceOf(FormatException.class).hasMessage("s: empty payload");
        // zstd flag without the raw length
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', new byte[] {1, 0, 0}), "s"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("s: ");
        // a raw length that does not match the frame
        byte[] wrongLength = new ByteWriter(0).u8(1).u32(999).raw(frame).toByteArray();
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', wrongLength), "s"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("s: bad compressed payload");
        byte[] hugeLength = new ByteWriter(0).u8(1).u32(0xFFFFFFF0L).raw(frame).toByteArray();
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', hugeLength), "s"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("s: ");
        // not a zstd frame
        byte[] garbage = new ByteWriter(0).u8(1).u32(1000).raw(new byte[20]).toByteArray();
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', garbage), "s"))
                .isInstanceOf(FormatException.class).hasMessageStartingWith("s: bad compressed payload");
    }

    @Test
    void unknownCompressionCodeIsRejected() {
        byte[] frame = new Compressor(3).compress(ascii("x".repeat(1000)), 0, 1000);
        byte[] plain = new ByteWriter(0).u8(2).u32(1000).raw(frame).toByteArray();
        assertThatThrownBy(() -> Envelope.open(aead, 'S', sealPlain('S', plain), "snapshots/abc"))
                .isInstanceOf(FormatException.class).hasMessageContaining("snapshots/abc").hasMessageContaining("compression");
    }
}
