package dev.holdfast.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads and writes PEM files: certificate chains, and unencrypted private keys in PKCS#8, PKCS#1
 * (RSA) or SEC1 (EC) form, as OpenSSL, certbot and most certificate authorities write them.
 */
final class PemFiles {
    private PemFiles() {}

    /** The certificates of a PEM file, the server's own first. */
    static X509Certificate[] readChain(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
            if (certs.isEmpty()) throw new IOException("TLS certificate file " + file + " holds no certificate");
            return certs.toArray(X509Certificate[]::new);
        } catch (CertificateException e) {
            throw new IOException("TLS certificate file " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The private key of a PEM file. */
    static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o; (o = p.readObject()) != null; ) {
                if (o instanceof PEMKeyPair kp) return converter.getPrivateKey(kp.getPrivateKeyInfo());
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException("TLS key file " + file + " is encrypted; give an unencrypted copy"
                            + " (openssl pkey -in " + file + " -out plain.pem), readable by this user only");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("TLS key file")) throw e;
            throw new IOException("TLS key file " + file + " is not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException("TLS key file " + file + " holds no private key");
    }

    /** Writes a certificate, readable by all. */
    static void writeCertificate(Path file, X509Certificate cert) throws IOException {
        try {
            write(file, "CERTIFICATE", cert.getEncoded(), "rw-r--r--");
        } catch (CertificateException e) {
            throw new IOException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    /** Writes a private key in PKCS#8 form, readable by its owner only. */
    static void writeKey(Path file, PrivateKey key) throws IOException {
        write(file, "PRIVATE KEY", key.getEncoded(), "rw-------");
    }

    private static void write(Path file, String type, byte[] der, String mode) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".pem-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.writeString(temp, pem, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
