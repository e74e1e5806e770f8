package dev.holdfast.hash;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's hashes. Chunk and tree ids are HMAC-SHA256 under the repository's id key, so
 * ids of known content cannot be guessed by someone without the key. Pack and file names are plain
 * SHA-256 of their (encrypted) bytes. Both run on the CPU's SHA instructions through the JDK.
 * Thread-safe.
 */
public final class Hashes {
    private final ThreadLocal<Mac> mac;

    public Hashes(byte[] idKey) {
        SecretKeySpec key = new SecretKeySpec(idKey.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The keyed id of data[off, off+len). */
    public Id id(byte[] data, int off, int len) {
        Mac m = mac.get();
        m.update(data, off, len);
        return Id.of(m.doFinal());
    }

    public Id id(byte[] data) {
        return id(data, 0, data.length);
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    /** Plain SHA-256, used to name packs and other files by their content. */
    public static Id sha256(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        return Id.of(md.digest());
    }

    public static Id sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }
}
