package dev.holdfast.crypto;

/** One implementation of AES-256-GCM with a 12-byte nonce and 16-byte tag. */
interface GcmEngine {
    /** Writes ciphertext and tag of data[off, off+len) to out[outOff...]. */
    void seal(byte[] nonce, byte[] data, int off, int len, byte[] aad, byte[] out, int outOff);

    /**
     * Decrypts in[off, off+len) (ciphertext then tag) into out[outOff...] (len - 16 bytes); throws
     * when the tag does not match, and out's content is then undefined.
     */
    void open(byte[] nonce, byte[] in, int off, int len, byte[] aad, byte[] out, int outOff) throws AuthenticationException;

    /** Checks the tag of in[off, off+len) (ciphertext then tag) without keeping the plaintext. */
    default void verify(byte[] nonce, byte[] in, int off, int len, byte[] aad) throws AuthenticationException {
        open(nonce, in, off, len, aad, new byte[len - Aead.TAG], 0);
    }
}
