package dev.holdfast.server;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and certificates as a certificate authority or OpenSSL would make them, for tests. */
final class TestCertificates {
    private TestCertificates() {}

    /** RSA, or EC keys as OpenSSL writes them (SEC1 with the curve named inside, which the JDK's encoding leaves out). */
    static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator g = algorithm.equals("EC")
                ? KeyPairGenerator.getInstance(algorithm, new org.bouncycastle.jce.provider.BouncyCastleProvider())
                : KeyPairGenerator.getInstance(algorithm);
        g.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return g.generateKeyPair();
    }

    /**
     * A certificate for subject's key, signed by issuer's (itself when issuer is null).
     * @param ip the IP address to name, or null
     * @param dns the DNS name to name, or null
     */
    static X509Certificate issue(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
                                 String ip, String dns) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + (issuer == null ? subject : issuer)),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=" + subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ip != null || dns != null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    ip != null ? new GeneralName(GeneralName.iPAddress, ip) : new GeneralName(GeneralName.dNSName, dns)));
        }
        PrivateKey signer = (issuerKeys == null ? subjectKeys : issuerKeys).getPrivate();
        String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
    }

    /** Writes objects as PEM the way OpenSSL's traditional commands do (PKCS#1 RSA and SEC1 EC keys). */
    static Path pem(Path file, Object... objects) throws IOException {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter p = new JcaPEMWriter(w)) {
            for (Object o : objects) p.writeObject(o);
        }
        return file;
    }
}
