package dev.holdfast.hash;

import java.lang.foreign.MemorySegment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A running SHA-256: OpenSSL's when libcrypto is installed (full speed from the first byte), else
 * the JDK's. Reusable: {@link #digest()} starts it over. Not thread-safe.
 */
public final class Sha256 {
    private final MemorySegment ctx;
    private final MessageDigest jdk;

    public Sha256() {
        if (OpenSslSha.AVAILABLE) {
            MemorySegment c = OpenSslSha.newDigest();
            ctx = c;
            jdk = null;
            OpenSslSha.CLEANER.register(this, () -> OpenSslSha.freeDigest(c));
        } else {
            ctx = null;
            jdk = jdk();
        }
    }

    static MessageDigest jdk() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Sha256 update(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (ctx != null) OpenSslSha.update(ctx, data, off, len);
        else jdk.update(data, off, len);
        return this;
    }

    public Sha256 update(byte[] data) {
        return update(data, 0, data.length);
    }

    /** Drops everything added since the last digest. */
    public void reset() {
        if (ctx != null) OpenSslSha.restart(ctx);
        else jdk.reset();
    }

    /** The 32-byte digest of everything added since the last call; then starts over. */
    public byte[] digest() {
        return ctx != null ? OpenSslSha.finish(ctx) : jdk.digest();
    }
}
