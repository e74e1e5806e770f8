package dev.holdfast.crypto;

import java.security.SecureRandom;

/**
 * AES-256-GCM with a random 96-bit nonce per message. A sealed message is
 * {@code nonce(12) || ciphertext || tag(16)}; the associated data binds it to its context (its
 * type and id) so a valid ciphertext cannot be moved elsewhere. Runs on OpenSSL's libcrypto
 * when it is installed (no JIT warm-up; see {@link LibCrypto}), else on the JDK; both produce the
 * same bytes. Thread-safe.
 */
public final class Aead {
    public static final int NONCE = 12;
    public static final int TAG = 16;
    public static final int OVERHEAD = NONCE + TAG;

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(() -> {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    });

    private final GcmEngine engine;

    public Aead(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        this.engine = OpenSslGcm.available() ? new OpenSslGcm(key.clone()) : new JdkGcm(key.clone());
    }

    /** The implementation in use: "openssl" or "jdk". */
    public static String implementation() {
        return OpenSslGcm.available() ? "openssl" : "jdk";
    }

    /** Encrypts data[off, off+len) with a fresh random nonce. */
    public byte[] seal(byte[] data, int off, int len, byte[] aad) {
        return seal(randomNonce(), data, off, len, aad);
    }

    /**
     * Encrypts data[off, off+len) with a fresh random nonce into out[outOff...], which must have
     * room for len + {@link #OVERHEAD} bytes; returns that length.
     */
    public int seal(byte[] data, int off, int len, byte[] aad, byte[] out, int outOff) {
        java.util.Objects.checkFromIndexSize(outOff, len + OVERHEAD, out.length);
        byte[] nonce = randomNonce();
        System.arraycopy(nonce, 0, out, outOff, NONCE);
        engine.seal(nonce, data, off, len, aad, out, outOff + NONCE);
        return len + OVERHEAD;
    }

    private static byte[] randomNonce() {
        byte[] nonce = new byte[NONCE];
        if (OpenSslGcm.available()) OpenSslGcm.randomBytes(nonce);
        else RANDOM.get().nextBytes(nonce);
        return nonce;
    }

    /** Encrypts with a given nonce: for known-answer tests only; never reuse a nonce. */
    public byte[] seal(byte[] nonce, byte[] data, int off, int len, byte[] aad) {
        byte[] out = new byte[NONCE + len + TAG];
        System.arraycopy(nonce, 0, out, 0, NONCE);
        engine.seal(nonce, data, off, len, aad, out, NONCE);
        return out;
    }

    /** Decrypts and authenticates; @throws AuthenticationException when anything was changed. */
    public byte[] open(byte[] sealed, int off, int len, byte[] aad) throws AuthenticationException {
        if (len < OVERHEAD) throw new AuthenticationException("ciphertext too short (" + len + " bytes)");
        byte[] plain = new byte[len - OVERHEAD];
        open(sealed, off, len, aad, plain, 0);
        return plain;
    }

    /**
     * Decrypts and authenticates into out[outOff...] and returns the plaintext's length (len - {@link #OVERHEAD}).
     * @throws AuthenticationException when anything was changed (out's content is then undefined)
     */
    public int open(byte[] sealed, int off, int len, byte[] aad, byte[] out, int outOff) throws AuthenticationException {
        if (len < OVERHEAD) throw new AuthenticationException("ciphertext too short (" + len + " bytes)");
        java.util.Objects.checkFromIndexSize(outOff, len - OVERHEAD, out.length);
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, off, off + NONCE);
        engine.open(nonce, sealed, off + NONCE, len - NONCE, aad, out, outOff);
        return len - OVERHEAD;
    }

    /**
     * Authenticates a sealed message without returning its plaintext (prune's repacking moves
     * sealed blobs unchanged, after checking them): on OpenSSL the plaintext goes through a small
     * buffer, piece by piece, instead of an array the size of the message.
     * @throws AuthenticationException when anything was changed
     */
    public void verify(byte[] sealed, int off, int len, byte[] aad) throws AuthenticationException {
        if (len < OVERHEAD) throw new AuthenticationException("ciphertext too short (" + len + " bytes)");
        java.util.Objects.checkFromIndexSize(off, len, sealed.length);
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, off, off + NONCE);
        engine.verify(nonce, sealed, off + NONCE, len - NONCE, aad);
    }

    public byte[] open(byte[] sealed, byte[] aad) throws AuthenticationException {
        return open(sealed, 0, sealed.length, aad);
    }

    public byte[] seal(byte[] data, byte[] aad) {
        return seal(data, 0, data.length, aad);
    }
}
