package dev.holdfast.repo.keys;

import java.security.SecureRandom;

/**
 * The repository's secret keys: {@code encryption} (AES-256-GCM for every stored byte) and
 * {@code id} (HMAC-SHA256 chunk ids). Generated once at init; key files wrap them under passwords.
 */
public record MasterKey(byte[] encryption, byte[] id) {
    public static final int LENGTH = 64;

    public static MasterKey generate(SecureRandom random) {
        byte[] e = new byte[32], i = new byte[32];
        random.nextBytes(e);
        random.nextBytes(i);
        return new MasterKey(e, i);
    }

    byte[] encode() {
        byte[] out = new byte[LENGTH];
        System.arraycopy(encryption, 0, out, 0, 32);
        System.arraycopy(id, 0, out, 32, 32);
        return out;
    }

    static MasterKey decode(byte[] b) {
        if (b.length != LENGTH) throw new IllegalArgumentException("master key must be 64 bytes");
        return new MasterKey(java.util.Arrays.copyOfRange(b, 0, 32), java.util.Arrays.copyOfRange(b, 32, 64));
    }
}
