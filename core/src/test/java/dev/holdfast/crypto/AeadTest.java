package dev.holdfast.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AES-256-GCM as used for every stored byte. The known answers were computed with an independent
 * implementation (OpenSSL through Python's cryptography package), not with this class.
 *
 * <p>Each known-answer nonce is used in exactly one seal per key and engine: the JDK engine refuses
 * to encrypt twice in a row with the same key and nonce on one Cipher, which it keeps per thread.
 */
class AeadTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = seq(0, 32);
    private static final byte[] AAD = "holdfast-aad".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FOX = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
    /** nonce cafebabefacedbaddecaf888 || ciphertext || tag of FOX with AAD under key 00..1f. */
    private static final String FOX_SEALED = "cafebabefacedbaddecaf888"
            + "decbc506db0f26782d2b3faf146ae71f6b4fb871b56c07043dff6b07dbfb458bc535e12aa0ae304242344f"
            + "af6983789097ea6765a405fc47bfcbc2";
    /** The empty message with no associated data and an all-zero nonce. */
    private static final String EMPTY_SEALED = "000000000000000000000000" + "f05d76ae4ab99fe5a6f69b3148c2363d";

    private final Aead aead = new Aead(KEY);

    static byte[] seq(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
        return b;
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void constants() {
        assertThat(Aead.NONCE).isEqualTo(12);
        assertThat(Aead.TAG).isEqualTo(16);
        assertThat(Aead.OVERHEAD).isEqualTo(28);
    }

    @Test
    void knownAnswerWithFixedNonce() throws Exception {
        aead.seal(FOX, AAD); // the JDK engine refuses the same key and nonce twice in a row
        byte[] sealed = aead.seal(HEX.parseHex("cafebabefacedbaddecaf888"), FOX, 0, FOX.length, AAD);
        assertThat(HEX.formatHex(sealed)).isEqualTo(FOX_SEALED);
        assertThat(aead.open(HEX.parseHex(FOX_SEALED), AAD)).isEqualTo(FOX);
    }

    @Test
    void bothEnginesGiveTheKnownAnswer() throws Exception {
        // Aead uses OpenSSL when libcrypto is installed and the JDK otherwise: both must match the vector
        List<GcmEngine> engines = new ArrayList<>(List.of(new JdkGcm(KEY)));
        if (Aead.implementation().equals("openssl")) engines.add(new OpenSslGcm(KEY));
        byte[] nonce = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] expected = HEX.parseHex(FOX_SEALED);
        for (GcmEngine e : engines) {
            e.seal(new byte[12], FOX, 0, 1, null, new byte[17], 0); // the JDK refuses a nonce twice in a row
            byte[] out = new byte[FOX.length + Aead.TAG + 3];
            e.seal(nonce, FOX, 0, FOX.length, AAD, out, 3);
            assertThat(Arrays.copyOfRange(out, 3, out.length)).as(e.getClass().getSimpleName())
                    .isEqualTo(Arrays.copyOfRange(expected, Aead.NONCE, expected.length));
            assertThat(EngineOpen.open(e, nonce, expected, Aead.NONCE, expected.length - Aead.NONCE, AAD)).isEqualTo(FOX);
            byte[] bad = expected.clone();
            bad[bad.length - 1] ^= 1;
            assertThatThrownBy(() -> EngineOpen.open(e, nonce, bad, Aead.NONCE, bad.length - Aead.NONCE, AAD))
                    .isInstanceOf(AuthenticationException.class);
        }
        assertThat(Aead.implementation()).isIn("openssl", "jdk");
    }

    @Test
    void knownAnswerOfTheEmptyMessage() throws Exception {
        aead.seal(FOX, AAD);
        byte[] sealed = aead.seal(new byte[12], new byte[0], 0, 0, null);
        assertThat(HEX.formatHex(sealed)).isEqualTo(EMPTY_SEALED);
        assertThat(aead.open(HEX.parseHex(EMPTY_SEALED), null)).isEmpty();
        // no associated data and empty associated data are the same thing in GCM
        assertThat(aead.open(HEX.parseHex(EMPTY_SEALED), new byte[0])).isEmpty();
    }

    @Test
    void knownAnswerOpensFromTheMiddleOfABuffer() throws Exception {
        byte[] sealed = HEX.parseHex(FOX_SEALED);
        byte[] buf = new byte[sealed.length + 10];
        Arrays.fill(buf, (byte) 0x5a);
        System.arraycopy(sealed, 0, buf, 7, sealed.length);
        assertThat(aead.open(buf, 7, sealed.length, AAD)).isEqualTo(FOX);
    }

    @Test
    void sealedLayoutIsNonceCiphertextTag() throws Exception {
        byte[] sealed = aead.seal(FOX, AAD);
        assertThat(sealed).hasSize(Aead.NONCE + FOX.length + Aead.TAG);
        byte[] again = aead.seal(FOX, AAD);
        assertThat(Arrays.copyOf(again, 12)).isNotEqualTo(Arrays.copyOf(sealed, 12)); // fresh random nonce
        assertThat(again).isNotEqualTo(sealed);
        assertThat(aead.open(sealed, AAD)).isEqualTo(FOX);
        assertThat(aead.open(again, AAD)).isEqualTo(FOX);
    }

    @Test
    void sealsASliceOfTheInput() throws Exception {
        byte[] buf = random(100, 1);
        byte[] sealed = aead.seal(buf, 10, 50, AAD);
        assertThat(sealed).hasSize(50 + Aead.OVERHEAD);
        assertThat(aead.open(sealed, AAD)).isEqualTo(Arrays.copyOfRange(buf, 10, 60));
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] sealed = HEX.parseHex(FOX_SEALED);
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] bad = sealed.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                assertThatThrownBy(() -> aead.open(bad, AAD)).as("byte %d bit %d", at, bit)
                        .isInstanceOf(AuthenticationException.class);
            }
        }
    }

    @Test
    void flippedNonceCiphertextAndTagAreDetected() {
        byte[] sealed = HEX.parseHex(FOX_SEALED);
        for (int i : new int[] {0, 11, 12, 12 + FOX.length - 1, sealed.length - 16, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> aead.open(bad, AAD)).isInstanceOf(AuthenticationException.class)
                    .hasMessage("authentication tag mismatch");
        }
    }

    @Test
    void wrongAssociatedDataIsDetected() {
        byte[] sealed = HEX.parseHex(FOX_SEALED);
        assertThatThrownBy(() -> aead.open(sealed, null)).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> aead.open(sealed, "holdfast-aae".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> aead.open(sealed, Arrays.copyOf(AAD, AAD.length + 1)))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void wrongKeyIsDetected() {
        byte[] other = KEY.clone();
        other[31] ^= 1;
        assertThatThrownBy(() -> new Aead(other).open(HEX.parseHex(FOX_SEALED), AAD))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void verifyChecksWithoutOpening() throws Exception {
        Aead aead = new Aead(KEY);
        byte[] plain = new byte[200_000];
        new java.util.Random(3).nextBytes(plain);
        byte[] sealed = aead.seal(plain, 0, plain.length, new byte[] {'A'});
        byte[] buf = new byte[sealed.length + 10];
        System.arraycopy(sealed, 0, buf, 10, sealed.length);
        aead.verify(buf, 10, sealed.length, new byte[] {'A'});
        assertThatThrownBy(() -> aead.verify(buf, 10, sealed.length, new byte[] {'B'})).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> aead.verify(buf, 10, Aead.OVERHEAD - 1, new byte[] {'A'})).isInstanceOf(AuthenticationException.class);
        buf[10 + sealed.length / 2] ^= 1;
        assertThatThrownBy(() -> aead.verify(buf, 10, sealed.length, new byte[] {'A'})).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] sealed = HEX.parseHex(FOX_SEALED);
        for (int n = 0; n < sealed.length; n++) {
            byte[] cut = Arrays.copyOf(sealed, n);
            assertThatThrownBy(() -> aead.open(cut, AAD)).as("length %d", n).isInstanceOf(AuthenticationException.class);
        }
        assertThatThrownBy(() -> aead.open(new byte[27], null)).isInstanceOf(AuthenticationException.class)
                .hasMessage("ciphertext too short (27 bytes)");
        // dropping the tag of an empty message, or appending a byte, fails too
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> aead.open(longer, AAD)).isInstanceOf(AuthenticationException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 4096, 5 * 1024 * 1024})
    void roundTrips(int size) throws Exception {
        byte[] data = random(size, size);
        byte[] sealed = aead.seal(data, AAD);
        assertThat(sealed).hasSize(size + Aead.OVERHEAD);
        assertThat(aead.open(sealed, AAD)).isEqualTo(data);
        if (size > 0) {
            sealed[sealed.length / 2] ^= 1;
            assertThatThrownBy(() -> aead.open(sealed, AAD)).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void keyMustHave32Bytes() {
        assertThatThrownBy(() -> new Aead(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Aead(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Aead(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyIsCopied() throws Exception {
        byte[] key = seq(0, 32);
        Aead a = new Aead(key);
        Arrays.fill(key, (byte) 0);
        assertThat(a.open(HEX.parseHex(FOX_SEALED), AAD)).isEqualTo(FOX);
    }

    @Test
    void usableFromManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        byte[] data = random(1 + (i * 37) % 3000, seed * 1000L + i);
                        byte[] aad = {(byte) seed, (byte) i};
                        if (!Arrays.equals(aead.open(aead.seal(data, aad), aad), data)) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
