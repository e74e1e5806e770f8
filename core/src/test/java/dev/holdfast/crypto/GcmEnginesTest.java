package dev.holdfast.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OpenSSL and JDK engines are interchangeable: same bytes out, each opens the other's. */
class GcmEnginesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 4096, 16 * 1024 + 3, 1 << 20})
    void bothEnginesProduceTheSameCiphertextAndOpenEachOther(int size) throws Exception {
        assumeTrue(OpenSslGcm.available(), "libcrypto.so.3 not installed");
        SplittableRandom r = new SplittableRandom(size);
        byte[] key = new byte[32], nonce = new byte[12], data = new byte[size + 5], aad = {'D', 1, 2, 3};
        r.nextBytes(key);
        r.nextBytes(nonce);
        r.nextBytes(data);
        GcmEngine jdk = new JdkGcm(key), ssl = new OpenSslGcm(key);
        byte[] a = new byte[size + 16 + 7], b = new byte[size + 16 + 7];
        jdk.seal(nonce, data, 5, size, aad, a, 7);
        ssl.seal(nonce, data, 5, size, aad, b, 7);
        assertThat(b).isEqualTo(a);
        byte[] expected = java.util.Arrays.copyOfRange(data, 5, 5 + size);
        assertThat(EngineOpen.open(ssl, nonce, a, 7, size + 16, aad)).isEqualTo(expected);
        assertThat(EngineOpen.open(jdk, nonce, b, 7, size + 16, aad)).isEqualTo(expected);
        b[7 + size / 2] ^= 1;
        assertThatThrownBy(() -> EngineOpen.open(ssl, nonce, b, 7, size + 16, aad)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> EngineOpen.open(ssl, nonce, a, 7, size + 16, new byte[] {'T'})).isInstanceOf(AuthenticationException.class);
    }

    /** verify authenticates piece by piece on OpenSSL: sizes around its 64 KiB piece, and a change in any piece or the tag. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535, 65536, 65537, 3 * 65536 + 11})
    void verifyAcceptsWhatOpensAndRejectsAnyChange(int size) throws Exception {
        SplittableRandom r = new SplittableRandom(size);
        byte[] key = new byte[32], nonce = new byte[12], data = new byte[size], aad = {'D', 9};
        r.nextBytes(key);
        r.nextBytes(nonce);
        r.nextBytes(data);
        java.util.List<GcmEngine> engines = new java.util.ArrayList<>(java.util.List.of(new JdkGcm(key)));
        if (OpenSslGcm.available()) engines.add(new OpenSslGcm(key));
        for (GcmEngine e : engines) {
            byte[] sealed = new byte[3 + size + 16];
            e.seal(nonce, data, 0, size, aad, sealed, 3);
            e.verify(nonce, sealed, 3, size + 16, aad);
            assertThatThrownBy(() -> e.verify(nonce, sealed, 3, size + 16, new byte[] {'T'})).isInstanceOf(AuthenticationException.class);
            for (int at : new int[] {0, size / 2, size - 1, size, size + 15}) {
                if (at < 0) continue;
                sealed[3 + at] ^= 4;
                assertThatThrownBy(() -> e.verify(nonce, sealed, 3, size + 16, aad)).as("%s, byte %d changed", e, at)
                        .isInstanceOf(AuthenticationException.class);
                sealed[3 + at] ^= 4;
            }
        }
    }
}
