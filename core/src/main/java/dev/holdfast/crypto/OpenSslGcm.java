package dev.holdfast.crypto;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * AES-256-GCM through OpenSSL's libcrypto (EVP interface) via the foreign function API: runs on
 * the CPU's AES and carry-less multiply instructions from the first byte, with no JIT warm-up.
 * Buffers are passed as heap segments to critical downcalls, so nothing is copied. Each thread
 * keeps one encryption and one decryption context per key, initialised once with the key.
 */
final class OpenSslGcm implements GcmEngine {
    private static final int CTRL_GCM_GET_TAG = 0x10, CTRL_GCM_SET_TAG = 0x11;
    private static final MethodHandle CTX_NEW, ENC_INIT, DEC_INIT, ENC_UPDATE, DEC_UPDATE, ENC_FINAL, DEC_FINAL, CTRL, RAND_BYTES;
    private static final MemorySegment CIPHER;
    private static final boolean AVAILABLE;

    /** Whether libcrypto.so.3 could be linked (done on first call: it takes a few hundred ms). */
    static boolean available() {
        return AVAILABLE;
    }

    static {
        MethodHandle[] h = new MethodHandle[10];
        MemorySegment cipher = MemorySegment.NULL;
        boolean ok = LibCrypto.available();
        if (ok) {
            try {
                var A = ValueLayout.ADDRESS;
                var I = ValueLayout.JAVA_INT;
                h[0] = LibCrypto.function("EVP_CIPHER_CTX_new", FunctionDescriptor.of(A), false);
                h[1] = LibCrypto.function("EVP_aes_256_gcm", FunctionDescriptor.of(A), false);
                FunctionDescriptor init = FunctionDescriptor.of(I, A, A, A, A, A);
                h[2] = LibCrypto.function("EVP_EncryptInit_ex", init, true);
                h[3] = LibCrypto.function("EVP_DecryptInit_ex", init, true);
                FunctionDescriptor update = FunctionDescriptor.of(I, A, A, A, A, I);
                h[4] = LibCrypto.function("EVP_EncryptUpdate", update, true);
                h[5] = LibCrypto.function("EVP_DecryptUpdate", update, true);
                FunctionDescriptor fin = FunctionDescriptor.of(I, A, A, A);
                h[6] = LibCrypto.function("EVP_EncryptFinal_ex", fin, true);
                h[7] = LibCrypto.function("EVP_DecryptFinal_ex", fin, true);
                h[8] = LibCrypto.function("EVP_CIPHER_CTX_ctrl", FunctionDescriptor.of(I, A, I, I, A), true);
                h[9] = LibCrypto.function("RAND_bytes", FunctionDescriptor.of(I, A, I), true);
                cipher = (MemorySegment) h[1].invokeExact();
                ok = !cipher.equals(MemorySegment.NULL);
            } catch (Throwable e) {
                ok = false;
            }
        }
        CTX_NEW = h[0];
        ENC_INIT = h[2];
        DEC_INIT = h[3];
        ENC_UPDATE = h[4];
        DEC_UPDATE = h[5];
        ENC_FINAL = h[6];
        DEC_FINAL = h[7];
        CTRL = h[8];
        RAND_BYTES = h[9];
        CIPHER = cipher;
        AVAILABLE = ok;
    }

    private final ThreadLocal<MemorySegment> encCtx;
    private final ThreadLocal<MemorySegment> decCtx;

    OpenSslGcm(byte[] key) {
        byte[] k = key.clone();
        this.encCtx = ThreadLocal.withInitial(() -> newContext(ENC_INIT, k));
        this.decCtx = ThreadLocal.withInitial(() -> newContext(DEC_INIT, k));
    }

    private static MemorySegment newContext(MethodHandle init, byte[] key) {
        try {
            MemorySegment ctx = (MemorySegment) CTX_NEW.invokeExact();
            if (ctx.equals(MemorySegment.NULL)) throw new OutOfMemoryError("EVP_CIPHER_CTX_new failed");
            check((int) init.invokeExact(ctx, CIPHER, MemorySegment.NULL, MemorySegment.ofArray(key), MemorySegment.NULL), "init");
            return ctx;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Fills out with OpenSSL's CSPRNG (a DRBG seeded from the operating system). */
    static void randomBytes(byte[] out) {
        try {
            check((int) RAND_BYTES.invokeExact(MemorySegment.ofArray(out), out.length), "random");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void seal(byte[] nonce, byte[] data, int off, int len, byte[] aad, byte[] out, int outOff) {
        MemorySegment ctx = encCtx.get();
        int[] outl = new int[1];
        MemorySegment n = MemorySegment.ofArray(outl);
        try {
            check((int) ENC_INIT.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.ofArray(nonce)), "init");
            if (aad != null && aad.length > 0) {
                check((int) ENC_UPDATE.invokeExact(ctx, MemorySegment.NULL, n, MemorySegment.ofArray(aad), aad.length), "aad");
            }
            MemorySegment o = MemorySegment.ofArray(out);
            if (len > 0) {
                check((int) ENC_UPDATE.invokeExact(ctx, o.asSlice(outOff), n, MemorySegment.ofArray(data).asSlice(off, len), len), "update");
            }
            check((int) ENC_FINAL.invokeExact(ctx, o.asSlice(outOff + len), n), "final");
            check((int) CTRL.invokeExact(ctx, CTRL_GCM_GET_TAG, Aead.TAG, o.asSlice(outOff + len, Aead.TAG)), "tag");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void open(byte[] nonce, byte[] in, int off, int len, byte[] aad, byte[] out, int outOff) throws AuthenticationException {
        MemorySegment ctx = decCtx.get();
        int plainLen = len - Aead.TAG;
        int[] outl = new int[1];
        MemorySegment n = MemorySegment.ofArray(outl);
        MemorySegment src = MemorySegment.ofArray(in);
        int ok;
        try {
            check((int) DEC_INIT.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.ofArray(nonce)), "init");
            if (aad != null && aad.length > 0) {
                check((int) DEC_UPDATE.invokeExact(ctx, MemorySegment.NULL, n, MemorySegment.ofArray(aad), aad.length), "aad");
            }
            MemorySegment p = MemorySegment.ofArray(out).asSlice(outOff, plainLen);
            if (plainLen > 0) {
                check((int) DEC_UPDATE.invokeExact(ctx, p, n, src.asSlice(off, plainLen), plainLen), "update");
            }
            byte[] tag = new byte[Aead.TAG];
            System.arraycopy(in, off + plainLen, tag, 0, Aead.TAG);
            check((int) CTRL.invokeExact(ctx, CTRL_GCM_SET_TAG, Aead.TAG, MemorySegment.ofArray(tag)), "tag");
            ok = (int) DEC_FINAL.invokeExact(ctx, p.asSlice(plainLen), n);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        if (ok <= 0) throw new AuthenticationException("authentication tag mismatch");
    }

    /** Plaintext scratch of {@link #verify}: the plaintext is decrypted into it piece by piece and dropped. */
    private static final int VERIFY_PIECE = 64 * 1024;
    private static final ThreadLocal<byte[]> VERIFY_SCRATCH = ThreadLocal.withInitial(() -> new byte[VERIFY_PIECE]);

    @Override
    public void verify(byte[] nonce, byte[] in, int off, int len, byte[] aad) throws AuthenticationException {
        MemorySegment ctx = decCtx.get();
        int plainLen = len - Aead.TAG;
        int[] outl = new int[1];
        MemorySegment n = MemorySegment.ofArray(outl);
        MemorySegment src = MemorySegment.ofArray(in);
        MemorySegment scratch = MemorySegment.ofArray(VERIFY_SCRATCH.get());
        int ok;
        try {
            check((int) DEC_INIT.invokeExact(ctx, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL, MemorySegment.ofArray(nonce)), "init");
            if (aad != null && aad.length > 0) {
                check((int) DEC_UPDATE.invokeExact(ctx, MemorySegment.NULL, n, MemorySegment.ofArray(aad), aad.length), "aad");
            }
            for (int done = 0; done < plainLen; ) {
                int piece = Math.min(VERIFY_PIECE, plainLen - done);
                check((int) DEC_UPDATE.invokeExact(ctx, scratch, n, src.asSlice(off + done, piece), piece), "update");
                done += piece;
            }
            byte[] tag = new byte[Aead.TAG];
            System.arraycopy(in, off + plainLen, tag, 0, Aead.TAG);
            check((int) CTRL.invokeExact(ctx, CTRL_GCM_SET_TAG, Aead.TAG, MemorySegment.ofArray(tag)), "tag");
            ok = (int) DEC_FINAL.invokeExact(ctx, scratch, n);
        } catch (Throwable e) {
            throw rethrow(e);
        }
        if (ok <= 0) throw new AuthenticationException("authentication tag mismatch");
    }

    private static void check(int rc, String step) {
        if (rc <= 0) throw new IllegalStateException("OpenSSL AES-GCM " + step + " failed");
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e);
    }
}
