package dev.holdfast.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The running SHA-256 (OpenSSL's when installed) against known answers and the JDK's. */
class Sha256Test {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void knownAnswers() {
        assertThat(hex(new Sha256().digest())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(new Sha256().update("abc".getBytes(StandardCharsets.US_ASCII)).digest()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void piecesGiveTheDigestOfTheWholeAndDigestStartsOver() throws Exception {
        byte[] data = new byte[3 * 65536 + 17];
        new Random(7).nextBytes(data);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(data);
        Sha256 s = new Sha256();
        for (int off = 0; off < data.length; off += 1000) s.update(data, off, Math.min(1000, data.length - off));
        assertThat(s.digest()).isEqualTo(expected);
        assertThat(s.update(data).digest()).isEqualTo(expected);
        s.update(data, 0, 5);
        s.reset();
        assertThat(s.update(data).digest()).isEqualTo(expected);
    }

    @Test
    void agreesWithTheJdkOnManyLengths() throws Exception {
        Random r = new Random(11);
        byte[] key = new byte[32];
        r.nextBytes(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Hashes h = new Hashes(key);
        for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 4095, 4096, 1 << 20}) {
            byte[] data = new byte[len + 3];
            r.nextBytes(data);
            mac.update(data, 2, len);
            assertThat(h.id(data, 2, len).bytes()).as("hmac of %d bytes", len).isEqualTo(mac.doFinal());
            md.update(data, 2, len);
            assertThat(Hashes.sha256(data, 2, len).bytes()).as("sha256 of %d bytes", len).isEqualTo(md.digest());
        }
    }

    @Test
    void rangesOutsideTheArrayAreRefused() {
        assertThatThrownBy(() -> new Sha256().update(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new Hashes(new byte[32]).id(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
