package dev.holdfast.repo.keys;

import static dev.holdfast.repo.TestData.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.holdfast.repo.io.FormatException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyFileTest {
    private static final KdfParams FAST = new KdfParams(1024, 8, 1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PASSWORD = utf8("correct horse");

    /**
     * A key file built by an independent implementation (Python: hashlib.scrypt, OpenSSL AES-GCM)
     * from the format: salt 80..9f, N=1024 r=8 p=1, nonce c0..cb, AAD "holdfast-key-v1", master
     * key bytes 00..3f (encryption 00..1f, id 20..3f), password "correct horse".
     */
    static final String KNOWN = """
            {"format": "holdfast-key", "version": 1, "created": "2024-01-02T03:04:05Z", "host": "h", "user": "u",
             "kdf": "scrypt", "n": 1024, "r": 8, "p": 1, "salt": "gIGCg4SFhoeIiYqLjI2Oj5CRkpOUlZaXmJmam5ydnp8=",
             "data": "wMHCw8TFxsfIycrLbLhVO38EZ6U45ekCR5p3J8rPaV11Sijg/7RazXOvj8rti2ppAnxrVm5pMkBYbIZJO7LydeVm/GGFDBb1DhkauFm+ApIxMx74mV/x13ydOxM="}
            """;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MasterKey master() {
        return new MasterKey(seq(0x00, 32), seq(0x20, 32));
    }

    private static ObjectNode known() throws Exception {
        return (ObjectNode) JSON.readTree(KNOWN);
    }

    private static KeyFile parse(JsonNode n) throws FormatException {
        return KeyFile.parse(n.toString().getBytes(StandardCharsets.UTF_8), "keys/abc");
    }

    @Test
    void knownKeyFileUnwraps() throws Exception {
        KeyFile k = KeyFile.parse(utf8(KNOWN), "keys/known");
        assertThat(k.format()).isEqualTo("holdfast-key");
        assertThat(k.version()).isEqualTo(1);
        assertThat(k.created()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(k.host()).isEqualTo("h");
        assertThat(k.user()).isEqualTo("u");
        assertThat(k.n()).isEqualTo(1024);
        Optional<MasterKey> m = k.unwrap(PASSWORD);
        assertThat(m).isPresent();
        assertThat(m.get().encryption()).isEqualTo(seq(0x00, 32));
        assertThat(m.get().id()).isEqualTo(seq(0x20, 32));
        assertThat(m.get().encode()).isEqualTo(seq(0, 64));
    }

    @Test
    void knownKeyFileRefusesOtherPasswords() throws Exception {
        KeyFile k = KeyFile.parse(utf8(KNOWN), "keys/known");
        assertThat(k.unwrap(utf8("correct horsE"))).isEmpty();
        assertThat(k.unwrap(new byte[0])).isEmpty();
    }

    @Test
    void scryptKnownAnswerRfc7914() {
        // RFC 7914 section 12, second vector; the first 32 bytes of its 64-byte output
        byte[] key = new KdfParams(1024, 8, 16).derive(utf8("password"), utf8("NaCl"));
        assertThat(dev.holdfast.repo.TestData.hex(key)).isEqualTo("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162");
    }

    @Test
    void kdfParams() {
        assertThat(KdfParams.DEFAULT).isEqualTo(new KdfParams(32768, 8, 1));
        for (int[] bad : new int[][] {{1, 8, 1}, {0, 8, 1}, {1000, 8, 1}, {-1024, 8, 1}, {1024, 0, 1}, {1024, 8, 0}}) {
            assertThatThrownBy(() -> new KdfParams(bad[0], bad[1], bad[2])).isInstanceOf(IllegalArgumentException.class);
        }
        assumeTrue(System.getenv("HOLDFAST_KDF_N") == null);
        assertThat(KdfParams.forNewKeys()).isEqualTo(KdfParams.DEFAULT);
    }

    @Test
    void createThenUnwrap() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42);
        KeyFile k = KeyFile.create(PASSWORD, master(), FAST, "2025-06-01T00:00:00Z", "host1", "alice", random);
        assertThat(k.format()).isEqualTo("holdfast-key");
        assertThat(k.version()).isEqualTo(1);
        assertThat(k.kdf()).isEqualTo("scrypt");
        assertThat(List.of(k.n(), k.r(), k.p())).containsExactly(1024, 8, 1);
        assertThat(Base64.getDecoder().decode(k.salt())).hasSize(32);
        assertThat(Base64.getDecoder().decode(k.data())).hasSize(12 + 64 + 16);
        KeyFile back = KeyFile.parse(k.toBytes(), "keys/x");
        assertThat(back).isEqualTo(k);
        assertThat(back.unwrap(PASSWORD).orElseThrow().encode()).isEqualTo(seq(0, 64));
        assertThat(back.unwrap(utf8("wrong"))).isEmpty();
    }

    @Test
    void saltsDifferBetweenKeyFiles() {
        KeyFile a = KeyFile.create(PASSWORD, master(), FAST, null, null, null, new SecureRandom());
        KeyFile b = KeyFile.create(PASSWORD, master(), FAST, null, null, null, new SecureRandom());
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(a.data()).isNotEqualTo(b.data());
    }

    @Test
    void jsonFieldNamesArePinned() throws Exception {
        KeyFile k = KeyFile.create(PASSWORD, master(), FAST, "2025-06-01T00:00:00Z", "host1", "alice", new SecureRandom());
        JsonNode n = JSON.readTree(k.toBytes());
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("format", "version", "created", "host", "user", "kdf", "n", "r", "p", "salt", "data");
        assertThat(n.get("format").textValue()).isEqualTo("holdfast-key");
        assertThat(n.get("version").intValue()).isEqualTo(1);
        assertThat(n.get("kdf").textValue()).isEqualTo("scrypt");
        assertThat(n.get("n").intValue()).isEqualTo(1024);
        assertThat(n.get("r").intValue()).isEqualTo(8);
        assertThat(n.get("p").intValue()).isEqualTo(1);
        assertThat(n.get("created").textValue()).isEqualTo("2025-06-01T00:00:00Z");
        assertThat(n.get("host").textValue()).isEqualTo("host1");
        assertThat(n.get("user").textValue()).isEqualTo("alice");
        // optional fields are left out when unknown
        JsonNode bare = JSON.readTree(KeyFile.create(PASSWORD, master(), FAST, null, null, null, new SecureRandom()).toBytes());
        List<String> bareNames = new ArrayList<>();
        bare.fieldNames().forEachRemaining(bareNames::add);
        assertThat(bareNames).containsExactly("format", "version", "kdf", "n", "r", "p", "salt", "data");
    }

    @Test
    void garbageIsAFormatExceptionNamingTheFile() {
        for (String s : new String[] {"", "not json", "[]", "{", "\u0000\u0001", "42"}) {
            assertThatThrownBy(() -> KeyFile.parse(utf8(s), "keys/abc")).as(s)
                    .isInstanceOf(FormatException.class).hasMessageStartingWith("keys/abc: ");
        }
    }

    @Test
    void unsupportedVersionFormatOrKdfIsAFormatException() throws Exception {
        assertThatThrownBy(() -> parse(known().put("version", 2))).isInstanceOf(FormatException.class)
                .hasMessage("keys/abc: unsupported key file (format holdfast-key version 2)");
        assertThatThrownBy(() -> parse(known().put("format", "restic-key"))).isInstanceOf(FormatException.class)
                .hasMessageStartingWith("keys/abc: unsupported key file");
        assertThatThrownBy(() -> parse(known().put("kdf", "argon2id"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().without("version"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().without("salt"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().without("data"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().without("format"))).isInstanceOf(FormatException.class);
    }

    @Test
    void badKdfParametersOrBase64AreAFormatExceptionNotACrashAtUnlock() throws Exception {
        // a key file is read before any password check: its fields must be validated by parse
        assertThatThrownBy(() -> parse(known().put("n", 1000))).isInstanceOf(FormatException.class).hasMessageStartingWith("keys/abc: ");
        assertThatThrownBy(() -> parse(known().put("n", 0))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().without("n"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().put("r", 0))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().put("p", -1))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().put("salt", "not base64!"))).isInstanceOf(FormatException.class);
        assertThatThrownBy(() -> parse(known().put("data", "%%%"))).isInstanceOf(FormatException.class);
    }

    @Test
    void tamperedDataDoesNotUnwrap() throws Exception {
        byte[] data = Base64.getDecoder().decode(known().get("data").textValue());
        data[20] ^= 1;
        KeyFile k = parse(known().put("data", Base64.getEncoder().encodeToString(data)));
        assertThat(k.unwrap(PASSWORD)).isEmpty();
        byte[] salt = Base64.getDecoder().decode(known().get("salt").textValue());
        salt[0] ^= 1;
        assertThat(parse(known().put("salt", Base64.getEncoder().encodeToString(salt))).unwrap(PASSWORD)).isEmpty();
        assertThat(parse(known().put("n", 2048)).unwrap(PASSWORD)).isEmpty();
    }

    @Test
    void masterKeyEncoding() {
        MasterKey m = master();
        assertThat(m.encode()).isEqualTo(seq(0, 64));
        MasterKey back = MasterKey.decode(seq(0, 64));
        assertThat(back.encryption()).isEqualTo(seq(0, 32));
        assertThat(back.id()).isEqualTo(seq(32, 32));
        assertThatThrownBy(() -> MasterKey.decode(new byte[63])).isInstanceOf(IllegalArgumentException.class);
        MasterKey g = MasterKey.generate(new SecureRandom());
        assertThat(g.encryption()).hasSize(32).isNotEqualTo(g.id());
        assertThat(g.id()).hasSize(32);
    }
}
