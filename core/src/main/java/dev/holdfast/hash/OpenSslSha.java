package dev.holdfast.hash;

import dev.holdfast.crypto.LibCrypto;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;

/**
 * SHA-256 and HMAC-SHA256 on OpenSSL's libcrypto (see {@link LibCrypto}): contexts are native
 * objects, reused across messages, and data is passed as heap segments to critical downcalls, so
 * nothing is copied. Contexts are not thread-safe.
 */
final class OpenSslSha {
    private static final MethodHandle MD_CTX_NEW, MD_CTX_FREE, DIGEST_INIT, DIGEST_UPDATE, DIGEST_FINAL;
    private static final MethodHandle HMAC_NEW, HMAC_FREE, HMAC_INIT, HMAC_UPDATE, HMAC_FINAL;
    private static final MemorySegment SHA256;
    static final boolean AVAILABLE;
    /** Frees the native contexts of unreachable {@link Sha256} and {@link Hashes} instances (one thread for both). */
    static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("openssl-cleaner").factory());

    static {
        MethodHandle[] h = new MethodHandle[10];
        MemorySegment md = MemorySegment.NULL;
        boolean ok = LibCrypto.available();
        if (ok) {
            try {
                var A = ValueLayout.ADDRESS;
                var I = ValueLayout.JAVA_INT;
                var L = ValueLayout.JAVA_LONG;
                h[0] = LibCrypto.function("EVP_MD_CTX_new", FunctionDescriptor.of(A), false);
                h[1] = LibCrypto.function("EVP_MD_CTX_free", FunctionDescriptor.ofVoid(A), false);
                h[2] = LibCrypto.function("EVP_DigestInit_ex", FunctionDescriptor.of(I, A, A, A), true);
                h[3] = LibCrypto.function("EVP_DigestUpdate", FunctionDescriptor.of(I, A, A, L), true);
                h[4] = LibCrypto.function("EVP_DigestFinal_ex", FunctionDescriptor.of(I, A, A, A), true);
                h[5] = LibCrypto.function("HMAC_CTX_new", FunctionDescriptor.of(A), false);
                h[6] = LibCrypto.function("HMAC_CTX_free", FunctionDescriptor.ofVoid(A), false);
                h[7] = LibCrypto.function("HMAC_Init_ex", FunctionDescriptor.of(I, A, A, I, A, A), true);
                h[8] = LibCrypto.function("HMAC_Update", FunctionDescriptor.of(I, A, A, L), true);
                h[9] = LibCrypto.function("HMAC_Final", FunctionDescriptor.of(I, A, A, A), true);
                md = (MemorySegment) LibCrypto.function("EVP_sha256", FunctionDescriptor.of(A), false).invokeExact();
                ok = !md.equals(MemorySegment.NULL);
            } catch (Throwable e) {
                ok = false;
            }
        }
        MD_CTX_NEW = h[0];
        MD_CTX_FREE = h[1];
        DIGEST_INIT = h[2];
        DIGEST_UPDATE = h[3];
        DIGEST_FINAL = h[4];
        HMAC_NEW = h[5];
        HMAC_FREE = h[6];
        HMAC_INIT = h[7];
        HMAC_UPDATE = h[8];
        HMAC_FINAL = h[9];
        SHA256 = md;
        AVAILABLE = ok;
    }

    private OpenSslSha() {}

    /** A new SHA-256 context, ready for data. */
    static MemorySegment newDigest() {
        MemorySegment ctx;
        try {
            ctx = (MemorySegment) MD_CTX_NEW.invokeExact();
        } catch (Throwable e) {
            throw rethrow(e);
        }
        if (ctx.equals(MemorySegment.NULL)) throw new OutOfMemoryError("EVP_MD_CTX_new failed");
        restart(ctx);
        return ctx;
    }

    static void update(MemorySegment ctx, byte[] data, int off, int len) {
        if (len == 0) return;
        try {
            check((int) DIGEST_UPDATE.invokeExact(ctx, MemorySegment.ofArray(data).asSlice(off, len), (long) len), "update");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The digest of what was added since the last finish; the context starts over. */
    static byte[] finish(MemorySegment ctx) {
        byte[] out = new byte[Id.SIZE];
        try {
            check((int) DIGEST_FINAL.invokeExact(ctx, MemorySegment.ofArray(out), MemorySegment.NULL), "final");
        } catch (Throwable e) {
            throw rethrow(e);
        }
        restart(ctx);
        return out;
    }

    /** Drops what was added since the last finish. */
    static void restart(MemorySegment ctx) {
        try {
            check((int) DIGEST_INIT.invokeExact(ctx, SHA256, MemorySegment.NULL), "init");
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    static void freeDigest(MemorySegment ctx) {
        try {
            MD_CTX_FREE.invokeExact(ctx);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A new HMAC-SHA256 context holding the key. */
    static MemorySegment newHmac(byte[] key) {
        try {
            MemorySegment ctx = (MemorySegment) HMAC_NEW.invokeExact();
            if (ctx.equals(MemorySegment.NULL)) throw new OutOfMemoryError("HMAC_CTX_new failed");
            check((int) HMAC_INIT.invokeExact(ctx, MemorySegment.ofArray(key), key.length, SHA256, MemorySegment.NULL), "HMAC init");
            return ctx;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The HMAC of data[off, off+len) under the context's key. */
    static byte[] hmac(MemorySegment ctx, byte[] data, int off, int len) {
        byte[] out = new byte[Id.SIZE];
        try {
            // a null key and digest restart the context with the key it holds
            check((int) HMAC_INIT.invokeExact(ctx, MemorySegment.NULL, 0, MemorySegment.NULL, MemorySegment.NULL), "HMAC init");
            if (len > 0) check((int) HMAC_UPDATE.invokeExact(ctx, MemorySegment.ofArray(data).asSlice(off, len), (long) len), "HMAC update");
            check((int) HMAC_FINAL.invokeExact(ctx, MemorySegment.ofArray(out), MemorySegment.NULL), "HMAC final");
        } catch (Throwable e) {
            throw rethrow(e);
        }
        return out;
    }

    static void freeHmac(MemorySegment ctx) {
        try {
            HMAC_FREE.invokeExact(ctx);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static void check(int rc, String step) {
        if (rc <= 0) throw new IllegalStateException("OpenSSL SHA-256 " + step + " failed");
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e);
    }
}
