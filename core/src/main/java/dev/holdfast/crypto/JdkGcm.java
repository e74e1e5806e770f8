package dev.holdfast.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM through the JDK. Fast once the JIT has compiled its intrinsics, but until then (the
 * first seconds of a process) large messages run interpreted at tens of MB/s; used when OpenSSL's
 * libcrypto is not available. Encryption is fed in 16 KiB pieces, which the JDK handles faster.
 */
final class JdkGcm implements GcmEngine {
    private static final int PIECE = 16 * 1024;
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });
    private final SecretKeySpec key;

    JdkGcm(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    @Override
    public void seal(byte[] nonce, byte[] data, int off, int len, byte[] aad, byte[] out, int outOff) {
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Aead.TAG * 8, nonce));
            if (aad != null) c.updateAAD(aad);
            int o = outOff, end = off + len;
            while (end - off > PIECE) {
                o += c.update(data, off, PIECE, out, o);
                off += PIECE;
            }
            c.doFinal(data, off, end - off, out, o);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void open(byte[] nonce, byte[] in, int off, int len, byte[] aad, byte[] out, int outOff) throws AuthenticationException {
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Aead.TAG * 8, nonce));
            if (aad != null) c.updateAAD(aad);
            c.doFinal(in, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new AuthenticationException("authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException(e.getMessage());
        }
    }
}
