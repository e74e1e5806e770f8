package dev.holdfast.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdTest {
    private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static byte[] seq() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) b[i] = (byte) i;
        return b;
    }

    private static Id filled(int first, int rest) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) rest);
        b[0] = (byte) first;
        return Id.of(b);
    }

    @Test
    void parseAndHexRoundTrip() {
        Id id = Id.parse(HEX);
        assertThat(id.hex()).isEqualTo(HEX);
        assertThat(id.toString()).isEqualTo(HEX);
        assertThat(id.shortHex()).isEqualTo("00010203");
        assertThat(id.bytes()).isEqualTo(seq());
        assertThat(id.get(31)).isEqualTo((byte) 31);
        assertThat(Id.parse(HEX.toUpperCase())).isEqualTo(id);
        assertThat(Id.parse(HEX.toUpperCase()).hex()).isEqualTo(HEX);
    }

    @Test
    void parseRejectsWrongLengthAndNonHex() {
        assertThatThrownBy(() -> Id.parse(HEX.substring(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Id.parse(HEX + "00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Id.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Id.parse("g" + HEX.substring(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Id.parse(" " + HEX.substring(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isHex() {
        assertThat(Id.isHex(HEX)).isTrue();
        assertThat(Id.isHex(HEX.toUpperCase())).isTrue();
        assertThat(Id.isHex("f".repeat(64))).isTrue();
        assertThat(Id.isHex(HEX.substring(1))).isFalse();
        assertThat(Id.isHex(HEX + "0")).isFalse();
        assertThat(Id.isHex("")).isFalse();
        assertThat(Id.isHex("g" + HEX.substring(1))).isFalse();
        assertThat(Id.isHex("-" + HEX.substring(1))).isFalse();
    }

    @Test
    void isHexAcceptsOnlyAsciiDigits() {
        // Character.digit also accepts full-width and other Unicode digits, which parse() rejects
        assertThat(Id.isHex("\uFF10".repeat(64))).isFalse(); // FULLWIDTH DIGIT ZERO
        assertThat(Id.isHex("\uFF21".repeat(64))).isFalse(); // FULLWIDTH LATIN CAPITAL LETTER A
        assertThat(Id.isHex("\u0660".repeat(64))).isFalse(); // ARABIC-INDIC DIGIT ZERO
        for (String s : new String[] {HEX, "\uFF10".repeat(64)}) {
            if (Id.isHex(s)) assertThat(Id.parse(s).hex()).hasSize(64);
        }
    }

    @Test
    void ofCopiesItsInput() {
        byte[] b = seq();
        Id id = Id.of(b);
        b[0] = 99;
        assertThat(id.hex()).isEqualTo(HEX);
        byte[] out = id.bytes();
        out[1] = 99;
        assertThat(id.hex()).isEqualTo(HEX);
    }

    @Test
    void ofRejectsWrongLength() {
        assertThatThrownBy(() -> Id.of(new byte[31])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31");
        assertThatThrownBy(() -> Id.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofOffsetReadsThirtyTwoBytes() {
        byte[] buf = new byte[40];
        System.arraycopy(seq(), 0, buf, 5, 32);
        assertThat(Id.of(buf, 5).hex()).isEqualTo(HEX);
        assertThat(Id.of(buf, 8)).isEqualTo(Id.of(buf, 8));
    }

    @Test
    void ofOffsetRejectsTooFewBytes() {
        // must not pad a short buffer with zeros into a valid-looking id
        assertThatThrownBy(() -> Id.of(new byte[40], 9)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Id.of(new byte[31], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Id.of(new byte[40], -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void copyTo() {
        byte[] dst = new byte[34];
        Id.parse(HEX).copyTo(dst, 1);
        assertThat(dst[0]).isZero();
        assertThat(dst[1]).isZero();
        assertThat(dst[32]).isEqualTo((byte) 31);
        assertThat(dst[33]).isZero();
    }

    @Test
    void equalsAndHashCodeByValue() {
        Id a = Id.parse(HEX), b = Id.of(seq());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(filled(0, 1));
        assertThat(a).isNotEqualTo(HEX);
        assertThat(a.equals(null)).isFalse();
        // ids that agree in the first four bytes (the hash code) still differ
        byte[] c = seq();
        c[31] = 0;
        assertThat(Id.of(c)).isNotEqualTo(a).hasSameHashCodeAs(a);
    }

    @Test
    void compareToIsUnsignedBytewise() {
        Id low = filled(0x00, 0xff), mid = filled(0x7f, 0xff), high = filled(0x80, 0x00), top = filled(0xff, 0x00);
        assertThat(mid.compareTo(high)).isNegative();
        assertThat(high.compareTo(mid)).isPositive();
        assertThat(top.compareTo(filled(0xff, 0x01))).isNegative();
        assertThat(low.compareTo(filled(0x00, 0xff))).isZero();
        List<Id> ids = new ArrayList<>(List.of(top, high, low, mid));
        Collections.sort(ids);
        assertThat(ids).containsExactly(low, mid, high, top);
        // sorted order equals the order of the hex strings
        assertThat(ids.stream().map(Id::hex).sorted().toList()).isEqualTo(ids.stream().map(Id::hex).toList());
    }
}
