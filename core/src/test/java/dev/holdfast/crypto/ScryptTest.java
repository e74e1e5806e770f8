package dev.holdfast.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScryptTest {
    @Test
    void rfc7914SecondVector() {
        byte[] key = Scrypt.derive("password".getBytes(StandardCharsets.US_ASCII), "NaCl".getBytes(StandardCharsets.US_ASCII), 1024, 8, 16, 64);
        assertThat(HexFormat.of().formatHex(key)).isEqualTo(
                "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                        + "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    }

    @Test
    void nativeAndBouncyCastleAgree() {
        byte[] pw = "correct horse".getBytes(StandardCharsets.UTF_8), salt = new byte[32];
        assertThat(Scrypt.derive(pw, salt, 1 << 12, 8, 1, 32))
                .isEqualTo(org.bouncycastle.crypto.generators.SCrypt.generate(pw, salt, 1 << 12, 8, 1, 32));
    }
}
