package dev.holdfast.server;

import dev.holdfast.rest.Fingerprint;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS certificate and key: files the user gives, or a self-signed certificate
 * (ECDSA P-256, valid 20 years) generated on first start and kept, whose fingerprint clients pin.
 */
public record ServerCertificate(X509Certificate[] chain, PrivateKey key, boolean selfSigned) {
    public static final String CERT_FILE = "tls-cert.pem";
    public static final String KEY_FILE = "tls-key.pem";

    /** The fingerprint clients pin: that of the server's own certificate. */
    public String fingerprint() {
        return Fingerprint.of(chain[0]);
    }

    /** Loads a certificate chain and its key from PEM files, checking that they belong together. */
    public static ServerCertificate load(Path certFile, Path keyFile) throws IOException {
        X509Certificate[] chain = PemFiles.readChain(certFile);
        PrivateKey key = PemFiles.readKey(keyFile);
        if (!belongTogether(key, chain[0])) {
            throw new IOException("TLS key " + keyFile + " does not belong to the certificate in " + certFile);
        }
        boolean self = chain[0].getSubjectX500Principal().equals(chain[0].getIssuerX500Principal());
        return new ServerCertificate(chain, key, self);
    }

    /**
     * The self-signed certificate kept in dir ({@value #CERT_FILE}, {@value #KEY_FILE}), generated
     * there when dir has none.
     * @param names host names and addresses to put in the certificate besides localhost
     */
    public static ServerCertificate selfSigned(Path dir, List<String> names) throws IOException {
        Path cert = dir.resolve(CERT_FILE), key = dir.resolve(KEY_FILE);
        if (Files.exists(cert)) {
            if (!Files.exists(key)) throw new IOException("TLS certificate " + cert + " has no key " + key + "; remove the certificate to have a new one generated");
            return load(cert, key);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X509Certificate c = generate(pair, names);
            PemFiles.writeKey(key, pair.getPrivate());
            PemFiles.writeCertificate(cert, c);
            return new ServerCertificate(new X509Certificate[] {c}, pair.getPrivate(), true);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a TLS certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate generate(KeyPair pair, List<String> names)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(names);
        List<GeneralName> san = new ArrayList<>();
        for (String n : all) {
            boolean ip = n.contains(":") || n.matches("[0-9.]+");
            san.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
        }
        X500Name subject = new X500Name("CN=holdfast serve " + sanitize(hostName()));
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(20 * 366))), subject, pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san.toArray(GeneralName[]::new)));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String sanitize(String s) {
        return s.replaceAll("[^A-Za-z0-9.:-]", "_");
    }

    /** A TLS context that presents this certificate (TLS 1.2 and 1.3 are enabled by the server). */
    public SSLContext context() throws IOException {
        try {
            char[] pw = "holdfast".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pw, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the TLS certificate: " + e.getMessage(), e);
        }
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null) return true; // the handshake will tell
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
