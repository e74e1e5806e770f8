package dev.holdfast.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per message. A sealed message is
 * {@code nonce(12) || ciphertext || tag(16)}; the associated data binds it to its context (its
 * type and id) so a valid ciphertext cannot be moved elsewhere. Thread-safe.
 */
public final class Aead {
    public static final int NONCE = 12;
    public static final int TAG = 16;
    public static final int OVERHEAD = NONCE + TAG;

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final SecretKeySpec key;

    public Aead(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Encrypts data[off, off+len) with a fresh random nonce. */
    public byte[] seal(byte[] data, int off, int len, byte[] aad) {
        byte[] nonce = new byte[NONCE];
        RANDOM.get().nextBytes(nonce);
        return seal(nonce, data, off, len, aad);
    }

    /** Encrypts with a given nonce: for known-answer tests only; never reuse a nonce. */
    public byte[] seal(byte[] nonce, byte[] data, int off, int len, byte[] aad) {
        byte[] out = new byte[NONCE + len + TAG];
        System.arraycopy(nonce, 0, out, 0, NONCE);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
            if (aad != null) c.updateAAD(aad);
            c.doFinal(data, off, len, out, NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Decrypts and authenticates; @throws AuthenticationException when anything was changed. */
    public byte[] open(byte[] sealed, int off, int len, byte[] aad) throws AuthenticationException {
        if (len < OVERHEAD) throw new AuthenticationException("ciphertext too short (" + len + " bytes)");
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, sealed, off, NONCE));
            if (aad != null) c.updateAAD(aad);
            return c.doFinal(sealed, off + NONCE, len - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new AuthenticationException("authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException(e.getMessage());
        }
    }

    public byte[] open(byte[] sealed, byte[] aad) throws AuthenticationException {
        return open(sealed, 0, sealed.length, aad);
    }

    public byte[] seal(byte[] data, byte[] aad) {
        return seal(data, 0, data.length, aad);
    }

    static byte[] copy(byte[] b) {
        return Arrays.copyOf(b, b.length);
    }
}
