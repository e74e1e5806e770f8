package dev.holdfast.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytePathsTest {
    @Test
    void decodeThenEncodeGivesBackAnyBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            assertThat(BytePaths.encode(BytePaths.decode(b))).as("round " + round).isEqualTo(b);
        }
    }

    @Test
    void validUtf8DecodesAsItselfAndOtherBytesAsUnpairedSurrogates() {
        assertThat(BytePaths.decode("café/été 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("café/été 😀");
        assertThat(BytePaths.decode(new byte[] {'d', (byte) 0xFF, 'x'})).isEqualTo("d\uDCFFx");
        // overlong '/', an encoded surrogate and a truncated sequence are not UTF-8
        assertThat(BytePaths.decode(new byte[] {(byte) 0xC0, (byte) 0xAF})).isEqualTo("\uDCC0\uDCAF");
        assertThat(BytePaths.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo("\uDCED\uDCA0\uDC80");
        assertThat(BytePaths.decode(new byte[] {(byte) 0xE2, (byte) 0x82})).isEqualTo("\uDCE2\uDC82");
    }

    @Test
    void encodeKeepsPairedSurrogatesAsUtf8() {
        assertThat(BytePaths.encode("a😀b")).isEqualTo("a😀b".getBytes(StandardCharsets.UTF_8));
        assertThat(BytePaths.encode("bad\uDCFF\uDCFEname")).isEqualTo(new byte[] {'b', 'a', 'd', (byte) 0xFF, (byte) 0xFE, 'n', 'a', 'm', 'e'});
    }

    @Test
    void normalizeKeepsBytesThatAreNotUtf8() {
        assertThat(BytePaths.normalize("x/\uDCFF/../y\uDC80", "/tmp")).isEqualTo(new byte[] {'/', 't', 'm', 'p', '/', 'x', '/', 'y', (byte) 0x80});
    }

    @Test
    void displayEscapesWhatIsNotPrintableUtf8() {
        assertThat(BytePaths.display(new byte[] {'a', (byte) 0xFF, '\n', '\\'})).isEqualTo("a\\xff\\x0a\\\\");
        assertThat(BytePaths.display("é".getBytes(StandardCharsets.UTF_8))).isEqualTo("é");
    }
}
