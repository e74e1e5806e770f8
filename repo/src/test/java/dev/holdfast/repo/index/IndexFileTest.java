package dev.holdfast.repo.index;

import static dev.holdfast.repo.TestData.hex;
import static dev.holdfast.repo.TestData.id;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.io.ByteWriter;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexFileTest {
    /**
     * Written by hand (Python) from the format: version 1; one superseded index 51..; pack a1.. with
     * a compressed data blob 11.. at 4 (100 sealed, 200 raw) and a raw tree blob 22.. at 104
     * (300000, 299972); pack a2.. with a raw data blob 33.. at 4 (29, 1).
     */
    static final String KNOWN = "01" + "01" + "51".repeat(32) + "02"
            + "a1".repeat(32) + "02"
            + "44" + "01" + "11".repeat(32) + "04" + "64" + "c801"
            + "54" + "00" + "22".repeat(32) + "68" + "e0a712" + "c4a712"
            + "a2".repeat(32) + "01"
            + "44" + "00" + "33".repeat(32) + "04" + "1d" + "01";

    static IndexFile known() {
        return new IndexFile(List.of(id(0x51)), List.of(
                new BlobRef(BlobType.DATA, id(0x11), id(0xa1), 4, 100, 200, true),
                new BlobRef(BlobType.TREE, id(0x22), id(0xa1), 104, 300_000, 299_972, false),
                new BlobRef(BlobType.DATA, id(0x33), id(0xa2), 4, 29, 1, false)));
    }

    @Test
    void knownEncoding() {
        assertThat(hex(known().encode())).isEqualTo(KNOWN);
    }

    @Test
    void knownDecoding() throws Exception {
        IndexFile f = IndexFile.decode(unhex(KNOWN), "index/k");
        assertThat(f).isEqualTo(known());
        assertThat(f.supersedes()).containsExactly(id(0x51));
        assertThat(f.blobs()).hasSize(3);
    }

    @Test
    void emptyIndex() throws Exception {
        IndexFile empty = new IndexFile(List.of(), List.of());
        assertThat(hex(empty.encode())).isEqualTo("010000");
        assertThat(IndexFile.decode(unhex("010000"), "i")).isEqualTo(empty);
        assertThat(IndexFile.PREFIX).isEqualTo("index/");
    }

    @Test
    void supersedesList() throws Exception {
        List<Id> sup = new ArrayList<>();
        for (int i = 0; i < 300; i++) sup.add(randomId(new Random(i)));
        IndexFile f = new IndexFile(sup, List.of());
        byte[] b = f.encode();
        assertThat(hex(Arrays.copyOf(b, 3))).isEqualTo("01ac02"); // version, varint 300
        assertThat(b).hasSize(1 + 2 + 300 * 32 + 1);
        assertThat(IndexFile.decode(b, "i").supersedes()).isEqualTo(sup);
    }

    private static Id randomId(Random r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return Id.of(b);
    }

    @Test
    void roundTripOfManyBlobsGroupedByPack() throws Exception {
        Random r = new Random(5);
        List<BlobRef> blobs = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            Id pack = randomId(r);
            long offset = 4;
            for (int i = 0; i < 500; i++) {
                int len = 28 + r.nextInt(5_000_000);
                blobs.add(new BlobRef(r.nextBoolean() ? BlobType.DATA : BlobType.TREE, randomId(r), pack, offset, len,
                        r.nextInt(Integer.MAX_VALUE), r.nextBoolean()));
                offset += len;
            }
        }
        blobs.add(new BlobRef(BlobType.DATA, randomId(r), randomId(r), Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, true));
        IndexFile f = new IndexFile(List.of(randomId(r)), blobs);
        assertThat(IndexFile.decode(f.encode(), "i")).isEqualTo(f);
    }

    @Test
    void blobsAreGroupedByPackInOrderOfFirstAppearance() throws Exception {
        BlobRef a1 = new BlobRef(BlobType.DATA, id(1), id(0xa1), 4, 30, 2, false);
        BlobRef b1 = new BlobRef(BlobType.DATA, id(2), id(0xb1), 4, 30, 2, false);
        BlobRef a2 = new BlobRef(BlobType.DATA, id(3), id(0xa1), 34, 30, 2, false);
        IndexFile interleaved = new IndexFile(List.of(), List.of(a1, b1, a2));
        IndexFile grouped = new IndexFile(List.of(), List.of(a1, a2, b1));
        assertThat(interleaved.encode()).isEqualTo(grouped.encode());
        assertThat(IndexFile.decode(interleaved.encode(), "i").blobs()).containsExactly(a1, a2, b1);
    }

    @Test
    void everyTruncationIsAFormatExceptionNamingTheFile() {
        byte[] b = unhex(KNOWN);
        for (int n = 0; n < b.length; n++) {
            byte[] cut = Arrays.copyOf(b, n);
            assertThatThrownBy(() -> IndexFile.decode(cut, "index/abc")).as("length %d", n)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("index/abc");
        }
    }

    @Test
    void trailingBytesAreAFormatException() {
        byte[] b = Arrays.copyOf(unhex(KNOWN), unhex(KNOWN).length + 1);
        assertThatThrownBy(() -> IndexFile.decode(b, "index/abc")).isInstanceOf(FormatException.class)
                .hasMessage("index/abc: 1 unexpected trailing bytes");
    }

    @Test
    void unsupportedVersionIsAFormatException() {
        byte[] b = unhex(KNOWN);
        b[0] = 2;
        assertThatThrownBy(() -> IndexFile.decode(b, "index/abc")).isInstanceOf(FormatException.class)
                .hasMessage("index/abc: unsupported index version");
    }

    @Test
    void unknownBlobTypeIsAFormatException() {
        byte[] b = unhex(KNOWN);
        int typeAt = 1 + 1 + 32 + 1 + 32 + 1;
        assertThat(b[typeAt]).isEqualTo((byte) 'D');
        b[typeAt] = 'Q';
        assertThatThrownBy(() -> IndexFile.decode(b, "index/abc")).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("index/abc: unknown blob type");
    }

    @Test
    void hugeCountsAreRejectedWithoutAllocating() {
        for (byte[] b : new byte[][] {
                new ByteWriter(0).u8(1).uvarint(Integer.MAX_VALUE).toByteArray(),
                new ByteWriter(0).u8(1).uvarint(-1L).toByteArray(),
                new ByteWriter(0).u8(1).uvarint(0).uvarint(1L << 40).toByteArray(),
                new ByteWriter(0).u8(1).uvarint(0).uvarint(1).id(id(1)).uvarint(Integer.MAX_VALUE).toByteArray(),
        }) {
            assertThatThrownBy(() -> IndexFile.decode(b, "index/abc")).isInstanceOf(FormatException.class)
                    .hasMessageStartingWith("index/abc: ");
        }
    }

    @Test
    void lengthsAboveIntRangeAreAFormatException() {
        byte[] b = new ByteWriter(0).u8(1).uvarint(0).uvarint(1).id(id(1)).uvarint(1)
                .u8('D').u8(0).id(id(2)).uvarint(4).uvarint(1L << 31).uvarint(1).toByteArray();
        assertThatThrownBy(() -> IndexFile.decode(b, "index/abc")).isInstanceOf(FormatException.class).hasMessageContaining("exceeds");
    }
}
