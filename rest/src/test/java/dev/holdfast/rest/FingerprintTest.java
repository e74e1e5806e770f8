package dev.holdfast.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {
    @Test
    void fingerprintIsTheSha256OfTheEncoding() {
        // SHA-256 of the empty input
        assertThat(Fingerprint.of(new byte[0]))
                .isEqualTo("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void parsesOwnAndOpenSslForms() {
        String canonical = "SHA256:" + "ab".repeat(32);
        assertThat(Fingerprint.parse(canonical)).isEqualTo(canonical);
        assertThat(Fingerprint.parse("ab".repeat(32))).isEqualTo(canonical);
        assertThat(Fingerprint.parse(" sha256:" + "AB:".repeat(31) + "AB ")).isEqualTo(canonical);
    }

    @Test
    void rejectsWhatIsNotASha256() {
        assertThatThrownBy(() -> Fingerprint.parse("SHA256:abcd")).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Fingerprint.parse("ab".repeat(31) + "zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.parse("MD5:" + "ab".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
