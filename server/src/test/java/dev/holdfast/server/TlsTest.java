package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.rest.Fingerprint;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's certificate: generated and kept, or given; pinned by clients, or trusted through an authority. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void certificateNotMatchingThePinIsRefused() throws Exception {
        String other = ServerCertificate.selfSigned(dir.resolve("other"), List.of()).fingerprint();
        try (TestServer server = new TestServer(dir)) {
            assertThatThrownBy(() -> server.open("admin", "admin-pw", Map.of("rest.fingerprint", other)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("has fingerprint " + server.certificate.fingerprint() + ", not the pinned " + other)
                    .hasMessageContaining("refusing to connect");
            assertThat(server.repo.list("")).isEmpty();
        }
    }

    @Test
    void selfSignedCertificateWithoutPinIsNotTrustedAndTheMessageSaysHowToPin() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            assertThatThrownBy(() -> server.open("admin", "admin-pw", Map.of()))
                    .hasMessageContaining("is not trusted")
                    .hasMessageContaining("-o rest.fingerprint=" + server.certificate.fingerprint());
        }
    }

    @Test
    void fingerprintInOpenSslFormIsAccepted() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            String hex = server.certificate.fingerprint().substring(Fingerprint.PREFIX.length()).toUpperCase(Locale.ROOT);
            String openssl = String.join(":", hex.split("(?<=\\G..)"));
            try (Storage s = server.open("read", "read-pw", Map.of("rest.fingerprint", openssl))) {
                assertThat(s.list("")).isEmpty();
            }
        }
    }

    @Test
    void malformedFingerprintIsAUsageError() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            assertThatThrownBy(() -> server.open("read", "read-pw", Map.of("rest.fingerprint", "SHA256:abc")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
        }
    }

    @Test
    void selfSignedCertificateIsKeptAndItsKeyIsPrivate() throws Exception {
        ServerCertificate first = ServerCertificate.selfSigned(dir, List.of("backup.example"));
        ServerCertificate again = ServerCertificate.selfSigned(dir, List.of());
        assertThat(again.fingerprint()).isEqualTo(first.fingerprint()).matches(Pattern.compile("SHA256:[0-9a-f]{64}"));
        assertThat(first.selfSigned()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ServerCertificate.KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(first.chain()[0].getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .contains("localhost", "127.0.0.1", "backup.example");
        assertThat(Fingerprint.of(first.chain()[0].getEncoded()))
                .isEqualTo(Fingerprint.PREFIX + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(PemFiles.readChain(dir.resolve(ServerCertificate.CERT_FILE))[0].getEncoded())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void givenPemCertificateAndTraditionalKeyAreServed(String algorithm) throws Exception {
        KeyPair keys = TestCertificates.keyPair(algorithm);
        X509Certificate cert = TestCertificates.issue("backup.example", keys, null, null, false, "127.0.0.1", null);
        Path certFile = TestCertificates.pem(dir.resolve("cert.pem"), cert);
        Path keyFile = TestCertificates.pem(dir.resolve("key.pem"), keys.getPrivate());
        assertThat(Files.readString(keyFile)).startsWith(algorithm.equals("RSA") ? "-----BEGIN RSA PRIVATE KEY" : "-----BEGIN EC PRIVATE KEY");
        ServerCertificate given = ServerCertificate.load(certFile, keyFile);
        try (TestServer server = new TestServer(dir, given); Storage s = server.open("admin")) {
            assertThat(server.certificate.fingerprint()).isEqualTo(Fingerprint.of(cert));
            s.put("config", new byte[] {1});
            assertThat(s.get("config")).containsExactly(1);
        }
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        KeyPair keys = TestCertificates.keyPair("EC");
        X509Certificate cert = TestCertificates.issue("a", keys, null, null, false, null, null);
        Path certFile = TestCertificates.pem(dir.resolve("cert.pem"), cert);
        Path keyFile = TestCertificates.pem(dir.resolve("key.pem"), TestCertificates.keyPair("EC").getPrivate());
        assertThatThrownBy(() -> ServerCertificate.load(certFile, keyFile))
                .hasMessageContaining("does not belong to the certificate");
        Files.writeString(keyFile, "not a key\n");
        assertThatThrownBy(() -> ServerCertificate.load(certFile, keyFile)).hasMessageContaining("holds no private key");
    }

    @Test
    void certificateFromATrustedAuthorityNeedsNoPinButMustNameTheHost() throws Exception {
        KeyPair caKeys = TestCertificates.keyPair("EC");
        X509Certificate ca = TestCertificates.issue("Test CA", caKeys, null, null, true, null, null);
        Path trustStore = dir.resolve("trust.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        try (var out = Files.newOutputStream(trustStore)) {
            ks.store(out, "changeit".toCharArray());
        }
        String[] props = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] saved = new String[props.length];
        for (int i = 0; i < props.length; i++) saved[i] = System.getProperty(props[i]);
        try {
            System.setProperty(props[0], trustStore.toString());
            System.setProperty(props[1], "changeit");
            System.setProperty(props[2], "PKCS12");
            for (String san : List.of("ip", "dns")) {
                KeyPair keys = TestCertificates.keyPair("EC");
                X509Certificate leaf = TestCertificates.issue("server", keys, "Test CA", caKeys, false,
                        san.equals("ip") ? "127.0.0.1" : null, san.equals("dns") ? "elsewhere.example" : null);
                Path certFile = TestCertificates.pem(dir.resolve(san + "-cert.pem"), leaf, ca);
                Path keyFile = TestCertificates.pem(dir.resolve(san + "-key.pem"), keys.getPrivate());
                try (TestServer server = new TestServer(dir.resolve(san), ServerCertificate.load(certFile, keyFile))) {
                    if (san.equals("ip")) {
                        try (Storage s = server.open("read", "read-pw", Map.of())) {
                            assertThat(s.list("")).isEmpty();
                        }
                    } else {
                        assertThatThrownBy(() -> server.open("read", "read-pw", Map.of()))
                                .hasMessageContaining("is not trusted").hasMessageContaining("127.0.0.1");
                    }
                }
            }
        } finally {
            for (int i = 0; i < props.length; i++) {
                if (saved[i] == null) System.clearProperty(props[i]);
                else System.setProperty(props[i], saved[i]);
            }
        }
    }
}
