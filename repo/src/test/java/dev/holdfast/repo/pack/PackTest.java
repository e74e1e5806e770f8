package dev.holdfast.repo.pack;

import static dev.holdfast.repo.TestData.ID_KEY;
import static dev.holdfast.repo.TestData.KEY;
import static dev.holdfast.repo.TestData.flip;
import static dev.holdfast.repo.TestData.random;
import static dev.holdfast.repo.TestData.text;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Hashes;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.FormatException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackTest {
    private final Aead aead = new Aead(KEY);
    private final Sealing sealing = new Sealing(aead);
    private final Hashes hashes = new Hashes(ID_KEY);

    /** A new PackWriter (its constructors are being reworked: use the one taking only the type when there is one). */
    static PackWriter newWriter(BlobType type) {
        try {
            try {
                return PackWriter.class.getConstructor(BlobType.class).newInstance(type);
            } catch (NoSuchMethodException e) {
                return PackWriter.class.getConstructor(BlobType.class, int.class).newInstance(type, 1 << 16);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exactly the bytes of a finished pack (a Pack may hold them at the start of a larger reusable buffer). */
    static byte[] bytesOf(PackWriter.Pack pack) {
        try {
            int length = (int) PackWriter.Pack.class.getMethod("length").invoke(pack);
            return Arrays.copyOf(pack.bytes(), length);
        } catch (NoSuchMethodException e) {
            return pack.bytes();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Input(BlobType type, Id id, byte[] plain) {}

    private List<Input> inputs(BlobType type) {
        List<Input> in = new ArrayList<>();
        for (byte[] p : new byte[][] {text(5000, "tree entry\n"), random(3000, 1), new byte[0], new byte[] {42},
                text(100_000, "some file content "), random(70_000, 2)}) {
            in.add(new Input(type, hashes.id(p), p));
        }
        return in;
    }

    private PackWriter.Pack build(BlobType type, List<Input> in, Compressor compressor) throws java.io.IOException {
        PackWriter w = newWriter(type);
        assertThat(w.type()).isEqualTo(type);
        assertThat(w.size()).isEqualTo(4);
        int expectedSize = 4;
        for (Input i : in) {
            Sealing.Sealed s = sealing.seal(i.type(), i.id(), i.plain(), 0, i.plain().length, compressor);
            w.add(s);
            expectedSize += s.length();
            assertThat(w.size()).isEqualTo(expectedSize);
        }
        assertThat(w.count()).isEqualTo(in.size());
        return w.finish(aead);
    }

    private void checkRoundTrip(BlobType type, Compressor compressor, boolean expectSomeCompressed) throws Exception {
        List<Input> in = inputs(type);
        PackWriter.Pack pack = build(type, in, compressor);
        assertThat(pack.id()).isEqualTo(Hashes.sha256(bytesOf(pack)));
        assertThat(Arrays.copyOf(bytesOf(pack), 4)).containsExactly('H', 'F', 'P', 1);
        long headerLen = new dev.holdfast.repo.io.ByteReader(bytesOf(pack), bytesOf(pack).length - 4, 4, "t").u32();
        List<BlobRef> refs = pack.blobs();
        assertThat(refs).hasSize(in.size());
        long offset = 4;
        for (int i = 0; i < refs.size(); i++) {
            BlobRef r = refs.get(i);
            assertThat(r.type()).isEqualTo(type);
            assertThat(r.id()).isEqualTo(in.get(i).id());
            assertThat(r.pack()).isEqualTo(pack.id());
            assertThat(r.offset()).isEqualTo(offset);
            assertThat(r.rawLength()).isEqualTo(in.get(i).plain().length);
            assertThat(r.length()).isEqualTo((r.compressed() ? r.length() : in.get(i).plain().length + Aead.OVERHEAD));
            assertThat(sealing.open(r, bytesOf(pack), (int) r.offset())).isEqualTo(in.get(i).plain());
            offset += r.length();
        }
        assertThat(offset + headerLen + 4).isEqualTo(bytesOf(pack).length);
        assertThat(refs.stream().anyMatch(BlobRef::compressed)).isEqualTo(expectSomeCompressed);
        assertThat(PackReader.header(aead, pack.id(), bytesOf(pack))).isEqualTo(refs);
    }

    /** A sealed blob's bytes, copied out of the sealing thread's buffer. */
    private static byte[] sealedBytes(Sealing.Sealed s) {
        return java.util.Arrays.copyOfRange(s.bytes(), s.off(), s.off() + s.length());
    }

    @Test
    void dataPackRoundTripsCompressed() throws Exception {
        checkRoundTrip(BlobType.DATA, new Compressor(3), true);
    }

    @Test
    void treePackRoundTripsCompressed() throws Exception {
        checkRoundTrip(BlobType.TREE, new Compressor(3), true);
    }

    @Test
    void packsRoundTripRaw() throws Exception {
        checkRoundTrip(BlobType.DATA, new Compressor(0), false);
        checkRoundTrip(BlobType.TREE, new Compressor(0), false);
    }

    @Test
    void compressibleBlobsAreCompressedAndRandomOnesAreNot() throws Exception {
        PackWriter.Pack pack = build(BlobType.DATA, inputs(BlobType.DATA), new Compressor(3));
        assertThat(pack.blobs()).extracting(BlobRef::compressed).containsExactly(true, false, false, false, true, false);
    }

    @Test
    void emptyPack() throws Exception {
        PackWriter.Pack pack = newWriter(BlobType.DATA).finish(aead);
        assertThat(pack.blobs()).isEmpty();
        assertThat(bytesOf(pack)).hasSize(4 + Aead.OVERHEAD + 2 + 4);
        assertThat(PackReader.header(aead, pack.id(), bytesOf(pack))).isEmpty();
    }

    @Test
    void headerLayout() throws Exception {
        Input one = inputs(BlobType.TREE).get(3); // the one-byte blob, never compressed
        PackWriter w = newWriter(BlobType.TREE);
        Sealing.Sealed s = sealing.seal(one.type(), one.id(), one.plain(), 0, 1, new Compressor(3));
        w.add(s);
        byte[] bytes = bytesOf(w.finish(aead));
        int headerStart = 4 + s.length();
        byte[] header = aead.open(bytes, headerStart, bytes.length - 4 - headerStart, new byte[] {'H', 'F', 'P', 'H', 1});
        ByteWriter expected = new ByteWriter(0).u8(1).uvarint(1).u8('T').u8(0).id(one.id()).uvarint(1 + Aead.OVERHEAD).uvarint(1);
        assertThat(header).isEqualTo(expected.toByteArray());
        assertThat(Arrays.copyOfRange(bytes, 4, headerStart)).isEqualTo(sealedBytes(s));
        assertThat(aead.open(sealedBytes(s), Sealing.aad(BlobType.TREE, one.id()))).containsExactly(42);
    }

    @Test
    void aadIsTypeCodeThenId() {
        Id id = dev.holdfast.repo.TestData.id(0x5a);
        byte[] aad = Sealing.aad(BlobType.DATA, id);
        assertThat(aad).hasSize(33);
        assertThat(aad[0]).isEqualTo((byte) 'D');
        assertThat(Arrays.copyOfRange(aad, 1, 33)).isEqualTo(id.bytes());
        assertThat(Sealing.aad(BlobType.TREE, id)[0]).isEqualTo((byte) 'T');
        assertThat(BlobType.DATA.code()).isEqualTo('D');
        assertThat(BlobType.TREE.code()).isEqualTo('T');
        assertThat(BlobType.of('D')).isEqualTo(BlobType.DATA);
        assertThat(BlobType.of('T')).isEqualTo(BlobType.TREE);
        assertThatThrownBy(() -> BlobType.of('X')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTruncationIsAFormatException() throws Exception {
        PackWriter.Pack pack = build(BlobType.DATA, inputs(BlobType.DATA).subList(0, 4), new Compressor(3));
        for (int n = 0; n < bytesOf(pack).length; n++) {
            byte[] cut = Arrays.copyOf(bytesOf(pack), n);
            assertThatThrownBy(() -> PackReader.header(aead, pack.id(), cut)).as("length %d", n)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("pack " + pack.id().hex() + ": ");
        }
    }

    @Test
    void badMagicOrVersionIsAFormatException() {
        byte[] bytes = unhex(PackKnownAnswerTest.PACK);
        Id id = Id.parse(PackKnownAnswerTest.PACK_ID);
        for (int i = 0; i < 4; i++) {
            int at = i;
            assertThatThrownBy(() -> PackReader.header(aead, id, flip(bytes, at))).isInstanceOf(FormatException.class)
                    .hasMessage("pack " + id.hex() + ": bad magic or unsupported version");
        }
        byte[] v2 = bytes.clone();
        v2[3] = 2;
        assertThatThrownBy(() -> PackReader.header(aead, id, v2)).isInstanceOf(FormatException.class).hasMessageContaining("unsupported version");
    }

    @Test
    void everyFlippedByteOfTheHeaderOrItsLengthIsAFormatException() {
        byte[] bytes = unhex(PackKnownAnswerTest.PACK);
        Id id = Id.parse(PackKnownAnswerTest.PACK_ID);
        int headerStart = 4 + 44 + 54;
        for (int i = headerStart; i < bytes.length; i++) {
            int at = i;
            assertThatThrownBy(() -> PackReader.header(aead, id, flip(bytes, at))).as("byte %d", at)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("pack " + id.hex() + ": ");
        }
    }

    @Test
    void aFlippedBlobByteFailsThatBlobOnly() throws Exception {
        byte[] bytes = unhex(PackKnownAnswerTest.PACK);
        Id id = Id.parse(PackKnownAnswerTest.PACK_ID);
        byte[] bad = flip(bytes, 4 + 44 + 10);
        List<BlobRef> refs = PackReader.header(aead, id, bad); // the header is sealed on its own
        assertThat(sealing.open(refs.get(0), bad, 4)).isEqualTo(PackKnownAnswerTest.FIRST);
        assertThatThrownBy(() -> sealing.open(refs.get(1), bad, 48)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void wrongKeyIsAFormatException() {
        byte[] other = KEY.clone();
        other[5] ^= 1;
        assertThatThrownBy(() -> PackReader.header(new Aead(other), Id.parse(PackKnownAnswerTest.PACK_ID), unhex(PackKnownAnswerTest.PACK)))
                .isInstanceOf(FormatException.class).hasMessageContaining("header damaged");
    }

    /** A pack whose header plaintext is given (sealed properly), after the given body. */
    private byte[] packWithHeader(byte[] body, byte[] headerPlain) {
        byte[] sealed = aead.seal(headerPlain, PackWriter.HEADER_AAD);
        return new ByteWriter(0).raw(PackWriter.MAGIC).raw(body).raw(sealed).u32(sealed.length).toByteArray();
    }

    @Test
    void authenticHeadersThatBreakTheFormatAreRejected() {
        Id id = dev.holdfast.repo.TestData.id(7), pack = dev.holdfast.repo.TestData.id(8);
        byte[] body = new byte[40];
        // header version 2
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, new ByteWriter(0).u8(2).uvarint(0).toByteArray())))
                .isInstanceOf(FormatException.class).hasMessageContaining("unsupported header version");
        // unknown blob type
        byte[] badType = new ByteWriter(0).u8(1).uvarint(1).u8('X').u8(0).id(id).uvarint(40).uvarint(12).toByteArray();
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, badType)))
                .isInstanceOf(FormatException.class).hasMessageContaining("unknown blob type");
        // blobs that do not add up to the body
        byte[] tooLong = new ByteWriter(0).u8(1).uvarint(1).u8('D').u8(0).id(id).uvarint(41).uvarint(13).toByteArray();
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, tooLong)))
                .isInstanceOf(FormatException.class).hasMessageContaining("header describes 45 bytes of blobs, pack has 44");
        // more blobs announced than present, and trailing bytes
        byte[] missing = new ByteWriter(0).u8(1).uvarint(2).u8('D').u8(0).id(id).uvarint(40).uvarint(12).toByteArray();
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, missing))).isInstanceOf(FormatException.class);
        byte[] trailing = new ByteWriter(0).u8(1).uvarint(1).u8('D').u8(0).id(id).uvarint(40).uvarint(12).u8(0).toByteArray();
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, trailing)))
                .isInstanceOf(FormatException.class).hasMessageContaining("trailing");
        // a huge blob count does not allocate
        byte[] huge = new ByteWriter(0).u8(1).uvarint(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> PackReader.header(aead, pack, packWithHeader(body, huge))).isInstanceOf(FormatException.class);
        // and the well-formed one is accepted
        byte[] good = new ByteWriter(0).u8(1).uvarint(1).u8('D').u8(0).id(id).uvarint(40).uvarint(12).toByteArray();
        try {
            assertThat(PackReader.header(aead, pack, packWithHeader(body, good)))
                    .containsExactly(new BlobRef(BlobType.DATA, id, pack, 4, 40, 12, false));
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void headerLengthPointingOutsideThePackIsAFormatException() {
        byte[] bytes = unhex(PackKnownAnswerTest.PACK);
        Id id = Id.parse(PackKnownAnswerTest.PACK_ID);
        for (long len : new long[] {0, 27, bytes.length - 4 - 3, bytes.length, 0xFFFFFFFFL}) {
            byte[] b = bytes.clone();
            for (int i = 0; i < 4; i++) b[b.length - 4 + i] = (byte) (len >>> (8 * i));
            assertThatThrownBy(() -> PackReader.header(aead, id, b)).as("length %d", len).isInstanceOf(FormatException.class);
        }
    }

    @Test
    void openBindsTypeIdAndLengths() throws Exception {
        byte[] bytes = unhex(PackKnownAnswerTest.PACK);
        List<BlobRef> refs = PackReader.header(aead, Id.parse(PackKnownAnswerTest.PACK_ID), bytes);
        for (BlobRef r : refs) {
            int off = (int) r.offset();
            BlobRef wrongType = new BlobRef(BlobType.TREE, r.id(), r.pack(), r.offset(), r.length(), r.rawLength(), r.compressed());
            assertThatThrownBy(() -> sealing.open(wrongType, bytes, off)).isInstanceOf(AuthenticationException.class);
            byte[] other = r.id().bytes();
            other[31] ^= 1;
            BlobRef wrongId = new BlobRef(r.type(), Id.of(other), r.pack(), r.offset(), r.length(), r.rawLength(), r.compressed());
            assertThatThrownBy(() -> sealing.open(wrongId, bytes, off)).isInstanceOf(AuthenticationException.class);
            BlobRef wrongRaw = new BlobRef(r.type(), r.id(), r.pack(), r.offset(), r.length(), r.rawLength() + 1, r.compressed());
            assertThatThrownBy(() -> sealing.open(wrongRaw, bytes, off)).isInstanceOf(AuthenticationException.class);
            BlobRef wrongFlag = new BlobRef(r.type(), r.id(), r.pack(), r.offset(), r.length(), r.rawLength(), !r.compressed());
            assertThatThrownBy(() -> sealing.open(wrongFlag, bytes, off)).isInstanceOf(AuthenticationException.class);
            BlobRef shorter = new BlobRef(r.type(), r.id(), r.pack(), r.offset(), r.length() - 1, r.rawLength(), r.compressed());
            assertThatThrownBy(() -> sealing.open(shorter, bytes, off)).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void sealRecordsWhatItDid() throws Exception {
        byte[] plain = text(10_000, "abc");
        Id id = hashes.id(plain);
        Sealing.Sealed packed = sealing.seal(BlobType.DATA, id, plain, 0, plain.length, new Compressor(3));
        assertThat(packed.compressed()).isTrue();
        assertThat(packed.rawLength()).isEqualTo(10_000);
        assertThat(packed.length()).isLessThan(1000);
        Sealing.Sealed raw = sealing.seal(BlobType.TREE, id, plain, 0, plain.length, new Compressor(0));
        assertThat(raw.compressed()).isFalse();
        assertThat(raw.length()).isEqualTo(10_000 + Aead.OVERHEAD);
        assertThat(aead.open(sealedBytes(raw), Sealing.aad(BlobType.TREE, id))).isEqualTo(plain);
        // a slice of a bigger buffer
        byte[] buf = new byte[20_000];
        System.arraycopy(plain, 0, buf, 500, 10_000);
        Sealing.Sealed slice = sealing.seal(BlobType.DATA, id, buf, 500, 10_000, new Compressor(0));
        assertThat(sealing.open(new BlobRef(BlobType.DATA, id, id, 0, slice.length(), 10_000, false), sealedBytes(slice), 0))
                .isEqualTo(plain);
        assertThat(sealing.aead()).isSameAs(aead);
    }

    @Test
    void openingIntoReusedBuffersGivesTheSamePlaintextAndTheSameErrors() throws Exception {
        Sealing.Buffers buffers = new Sealing.Buffers(100_000); // the 300 KB blob gets buffers of its own
        byte[] big = text(300_000, "xyz"), small = text(5_000, "q"), random = new byte[70_000];
        new java.util.Random(5).nextBytes(random);
        for (byte[] plain : List.of(big, small, random, big)) { // shrinking and growing again
            Id id = hashes.id(plain);
            Sealing.Sealed s = sealing.seal(BlobType.DATA, id, plain, 0, plain.length, new Compressor(3));
            byte[] framed = new byte[s.length() + 9];
            System.arraycopy(s.bytes(), s.off(), framed, 9, s.length());
            BlobRef ref = new BlobRef(BlobType.DATA, id, id, 0, s.length(), plain.length, s.compressed());
            byte[] out = sealing.open(ref, framed, 9, buffers);
            assertThat(java.util.Arrays.copyOf(out, plain.length)).isEqualTo(plain);
            BlobRef asTree = new BlobRef(BlobType.TREE, id, id, 0, s.length(), plain.length, s.compressed());
            assertThatThrownBy(() -> sealing.open(asTree, framed, 9, buffers)).isInstanceOf(AuthenticationException.class);
            BlobRef tooShort = new BlobRef(BlobType.DATA, id, id, 0, Aead.OVERHEAD - 1, plain.length, s.compressed());
            assertThatThrownBy(() -> sealing.open(tooShort, framed, 9, buffers)).isInstanceOf(AuthenticationException.class);
        }
    }
}
