package dev.holdfast.crypto;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * scrypt (RFC 7914). OpenSSL's {@code EVP_PBE_scrypt} when libcrypto is installed: about 0.1 s for
 * the default parameters from the first call, where Bouncy Castle's Java version, the fallback,
 * needs a second while the JIT warms up, which every command opening a repository would pay.
 */
public final class Scrypt {
    private static final MethodHandle NATIVE = link();

    private Scrypt() {}

    /** Whether OpenSSL's scrypt is used (reading NATIVE links it: see {@link LibCrypto#prepareInBackground()}). */
    static boolean linked() {
        return NATIVE != null;
    }

    private static MethodHandle link() {
        if (!LibCrypto.available()) return null;
        try {
            var A = ValueLayout.ADDRESS;
            var L = ValueLayout.JAVA_LONG;
            return LibCrypto.function("EVP_PBE_scrypt", FunctionDescriptor.of(ValueLayout.JAVA_INT, A, L, A, L, L, L, L, L, A, L), true);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The derived key of {@code length} bytes. */
    public static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int length) {
        if (NATIVE == null) return org.bouncycastle.crypto.generators.SCrypt.generate(password, salt, n, r, p, length);
        byte[] out = new byte[length];
        long maxMem = 128L * r * (n + p + 2) + (1 << 20);
        int rc;
        try {
            rc = (int) NATIVE.invokeExact(MemorySegment.ofArray(password), (long) password.length, MemorySegment.ofArray(salt),
                    (long) salt.length, (long) n, (long) r, (long) p, maxMem, MemorySegment.ofArray(out), (long) length);
        } catch (Throwable e) {
            throw new IllegalStateException("scrypt failed", e);
        }
        if (rc != 1) throw new IllegalStateException("OpenSSL scrypt failed for N=" + n + " r=" + r + " p=" + p);
        return out;
    }
}
