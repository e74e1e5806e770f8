package dev.holdfast.server;

import dev.holdfast.crypto.Scrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Password hashes for the users file, in the PHC string format:
 * {@code $scrypt$ln=15,r=8,p=1$SALT$HASH} (unpadded base64, 16-byte salt, 32-byte hash). The cost
 * is recorded in each hash, so it can be raised without breaking old entries.
 */
public final class PasswordHash {
    /** log2 of scrypt's N for new hashes: 32 MiB and about 0.1 s per check. */
    public static final int DEFAULT_LOG_N = 15;
    private static final Pattern FORMAT = Pattern.compile(
            "\\$scrypt\\$ln=(\\d{1,2}),r=(\\d{1,2}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{22})\\$([A-Za-z0-9+/]{43})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private PasswordHash() {}

    /** A new hash of password with a random salt. */
    public static String create(String password, int logN) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = derive(password, salt, logN, 8, 1);
        return "$scrypt$ln=" + logN + ",r=8,p=1$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True if encoded is a hash this class can check. */
    public static boolean isValid(String encoded) {
        Matcher m = FORMAT.matcher(encoded);
        return m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) <= 22
                && Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(3)) >= 1;
    }

    /** True if password matches encoded (compared in constant time). */
    public static boolean matches(String password, String encoded) {
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches() || !isValid(encoded)) return false;
        byte[] salt = Base64.getDecoder().decode(m.group(4));
        byte[] expected = Base64.getDecoder().decode(m.group(5));
        byte[] actual = derive(password, salt, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int logN, int r, int p) {
        return Scrypt.derive(password.getBytes(StandardCharsets.UTF_8), salt, 1 << logN, r, p, 32);
    }
}
