package dev.holdfast.rest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding), written {@code SHA256:} and 64
 * lowercase hex digits. Parsing also takes OpenSSL's form ({@code AB:CD:...}, with or without the
 * prefix), so the output of {@code openssl x509 -noout -fingerprint -sha256} can be pinned as is.
 */
public final class Fingerprint {
    public static final String PREFIX = "SHA256:";

    private Fingerprint() {}

    /** The fingerprint of a certificate. */
    public static String of(X509Certificate cert) {
        try {
            return of(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + cert.getSubjectX500Principal(), e);
        }
    }

    /** The fingerprint of a DER-encoded certificate. */
    public static String of(byte[] der) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The canonical form of a fingerprint given by a user.
     * @throws IllegalArgumentException if it is not 32 bytes of hex
     */
    public static String parse(String text) {
        String s = text.strip();
        if (s.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) s = s.substring(PREFIX.length());
        s = s.replace(":", "").toLowerCase(Locale.ROOT);
        if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("rest.fingerprint " + text
                    + ": expected SHA256: and 64 hex digits, as holdfast serve prints it");
        }
        return PREFIX + s;
    }
}
