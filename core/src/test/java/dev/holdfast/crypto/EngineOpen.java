package dev.holdfast.crypto;

/** Opens through a {@link GcmEngine} into a new array, as tests compare whole plaintexts. */
final class EngineOpen {
    private EngineOpen() {}

    static byte[] open(GcmEngine e, byte[] nonce, byte[] in, int off, int len, byte[] aad) throws AuthenticationException {
        byte[] out = new byte[len - Aead.TAG + 2];
        e.open(nonce, in, off, len, aad, out, 1);
        return java.util.Arrays.copyOfRange(out, 1, out.length - 1);
    }
}
