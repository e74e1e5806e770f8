package dev.holdfast.repo.io;

import static dev.holdfast.repo.TestData.hex;
import static dev.holdfast.repo.TestData.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteWriterReaderTest {
    private static ByteReader reader(String hex) {
        return new ByteReader(unhex(hex), "test-file");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 00",
            "1, 01",
            "127, 7f",
            "128, 8001",
            "300, ac02",
            "16383, ff7f",
            "16384, 808001",
            "4294967295, ffffffff0f",
            "9223372036854775807, ffffffffffffffff7f",
            "-1, ffffffffffffffffff01",
            "-9223372036854775808, 80808080808080808001",
    })
    void uvarintEncodings(long value, String encoding) throws Exception {
        assertThat(hex(new ByteWriter(0).uvarint(value).toByteArray())).isEqualTo(encoding);
        ByteReader r = reader(encoding);
        assertThat(r.uvarint()).isEqualTo(value);
        assertThat(r.atEnd()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "0, 00",
            "-1, 01",
            "1, 02",
            "-2, 03",
            "63, 7e",
            "-64, 7f",
            "64, 8001",
            "-1000000000, ffa7d6b907",
            "9223372036854775807, feffffffffffffffff01",
            "-9223372036854775808, ffffffffffffffffff01",
    })
    void svarintEncodings(long value, String encoding) throws Exception {
        assertThat(hex(new ByteWriter(0).svarint(value).toByteArray())).isEqualTo(encoding);
        ByteReader r = reader(encoding);
        assertThat(r.svarint()).isEqualTo(value);
        assertThat(r.atEnd()).isTrue();
    }

    @Test
    void fixedWidthFieldsAreLittleEndian() throws Exception {
        byte[] b = new ByteWriter(0).u8(0xab).u8(0x1ff).u32(0x01020304L).u32(0xFFFFFFFFL).u32(0x1_0000_0005L).toByteArray();
        assertThat(hex(b)).isEqualTo("abff" + "04030201" + "ffffffff" + "05000000");
        ByteReader r = new ByteReader(b, "t");
        assertThat(r.u8()).isEqualTo(0xab);
        assertThat(r.u8()).isEqualTo(0xff);
        assertThat(r.u32()).isEqualTo(0x01020304L);
        assertThat(r.u32()).isEqualTo(0xFFFFFFFFL);
        assertThat(r.u32()).isEqualTo(5L);
        r.expectEnd();
    }

    @Test
    void bytesStringsAndIds() throws Exception {
        Id id = TestData.id(0xee);
        byte[] b = new ByteWriter(0).bytes(new byte[] {1, 2, 3}).string("hé").string(null).bytes(new byte[0]).id(id)
                .raw(new byte[] {9, 8, 7}, 1, 2).toByteArray();
        assertThat(hex(b)).isEqualTo("03010203" + "0368c3a9" + "00" + "00" + "ee".repeat(32) + "0807");
        ByteReader r = new ByteReader(b, "t");
        assertThat(r.bytes()).containsExactly(1, 2, 3);
        assertThat(r.string()).isEqualTo("hé");
        assertThat(r.string()).isEmpty();
        assertThat(r.bytes()).isEmpty();
        assertThat(r.id()).isEqualTo(id);
        assertThat(r.remaining()).isEqualTo(2);
        assertThat(r.raw(2)).containsExactly(8, 7);
        assertThat(r.atEnd()).isTrue();
    }

    @Test
    void writerGrowsFromAnySmallCapacity() throws Exception {
        ByteWriter w = new ByteWriter(0);
        for (int i = 0; i < 100_000; i++) w.uvarint(i).u8(i);
        assertThat(w.array().length).isGreaterThanOrEqualTo(w.length());
        byte[] b = w.toByteArray();
        assertThat(b).hasSize(w.length());
        ByteReader r = new ByteReader(b, "t");
        for (int i = 0; i < 100_000; i++) {
            assertThat(r.uvarint()).isEqualTo(i);
            assertThat(r.u8()).isEqualTo(i & 0xff);
        }
        r.expectEnd();
        // a big raw write past double the capacity
        byte[] big = TestData.random(1 << 20, 1);
        assertThat(new ByteWriter(16).u8(1).raw(big).length()).isEqualTo(1 + (1 << 20));
    }

    @Test
    void everyTruncationIsAFormatExceptionNamingTheFile() {
        byte[] b = new ByteWriter(0).u8(7).u32(123456).uvarint(Long.MAX_VALUE).svarint(-5).bytes(new byte[] {1, 2, 3})
                .id(TestData.id(1)).toByteArray();
        for (int n = 0; n < b.length; n++) {
            ByteReader r = new ByteReader(Arrays.copyOf(b, n), "index/abc");
            assertThatThrownBy(() -> {
                r.u8();
                r.u32();
                r.uvarint();
                r.svarint();
                r.bytes();
                r.id();
            }).as("truncated to %d bytes", n).isInstanceOf(FormatException.class).hasMessageStartingWith("index/abc: ");
        }
    }

    @Test
    void readerStaysInsideItsWindow() throws Exception {
        byte[] b = unhex("ff01020304ff");
        ByteReader r = new ByteReader(b, 1, 4, "t");
        assertThat(r.u32()).isEqualTo(0x04030201L);
        assertThat(r.atEnd()).isTrue();
        assertThatThrownBy(r::u8).isInstanceOf(FormatException.class).hasMessage("t: truncated at byte 5");
    }

    @Test
    void malformedVarints() {
        // eleven bytes with the continuation bit: never ends within 64 bits
        assertThatThrownBy(() -> reader("ff".repeat(10) + "01").uvarint()).isInstanceOf(FormatException.class)
                .hasMessage("test-file: varint overflows 64 bits at byte 10");
        assertThatThrownBy(() -> reader("80".repeat(10) + "00").uvarint()).isInstanceOf(FormatException.class);
        // continuation bit on the last byte available
        assertThatThrownBy(() -> reader("8080").uvarint()).isInstanceOf(FormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void varintsOverflowing64BitsAreRejected() {
        // a tenth byte above 1 sets bits beyond bit 63: they must not be dropped silently
        assertThatThrownBy(() -> reader("ffffffffffffffffff02").uvarint()).isInstanceOf(FormatException.class)
                .hasMessageContaining("test-file");
        assertThatThrownBy(() -> reader("ffffffffffffffffff7f").uvarint()).isInstanceOf(FormatException.class);
    }

    @Test
    void countBounds() throws Exception {
        assertThat(reader("05").count(5)).isEqualTo(5);
        assertThat(reader("00").count(0)).isZero();
        assertThat(reader("ffffffff07").count(Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> reader("06").count(5)).isInstanceOf(FormatException.class)
                .hasMessage("test-file: value 6 exceeds 5 at byte 1");
        assertThatThrownBy(() -> reader("8080808008").count(Integer.MAX_VALUE)).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> reader("ffffffffffffffff7f").count(Integer.MAX_VALUE)).isInstanceOf(FormatException.class);
    }

    @Test
    void countRejectsValuesThatAreNegativeAsLongs() {
        // 2^64 - 1 and 2^63 + 5 read as negative longs: they must not pass as small or negative counts
        assertThatThrownBy(() -> reader("ffffffffffffffffff01").count(100)).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> reader("85808080808080808001").count(100)).isInstanceOf(FormatException.class);
    }

    @Test
    void bytesLongerThanTheRestAreRejected() {
        assertThatThrownBy(() -> reader("04010203").bytes()).isInstanceOf(FormatException.class).hasMessageStartingWith("test-file: ");
        assertThatThrownBy(() -> reader("05010203").bytes()).isInstanceOf(FormatException.class).hasMessageStartingWith("test-file: ");
        assertThatThrownBy(() -> reader("00").raw(2)).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> reader("00").raw(-1)).isInstanceOf(FormatException.class);
    }

    @Test
    void expectEnd() throws Exception {
        ByteReader r = reader("0102");
        r.u8();
        assertThat(r.atEnd()).isFalse();
        assertThatThrownBy(r::expectEnd).isInstanceOf(FormatException.class).hasMessage("test-file: 1 unexpected trailing bytes");
        r.u8();
        r.expectEnd();
    }
}
