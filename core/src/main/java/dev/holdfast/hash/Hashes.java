package dev.holdfast.hash;

import java.lang.foreign.MemorySegment;
import java.security.GeneralSecurityException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's hashes. Chunk and tree ids are HMAC-SHA256 under the repository's id key, so
 * ids of known content cannot be guessed by someone without the key. Pack and file names are plain
 * SHA-256 of their (encrypted) bytes. Both run on OpenSSL's libcrypto when it is installed (the
 * CPU's SHA instructions from the first call), else on the JDK's (the same instructions once the
 * JIT has compiled the caller). Thread-safe.
 */
public final class Hashes {
    private final byte[] key;
    /** Idle HMAC contexts (native, holding the key), one per thread that hashes at the same time. */
    private final Queue<MemorySegment> nativeMacs = new ConcurrentLinkedQueue<>();
    private final Queue<Mac> jdkMacs = new ConcurrentLinkedQueue<>();

    public Hashes(byte[] idKey) {
        this.key = idKey.clone();
        Queue<MemorySegment> macs = nativeMacs;
        OpenSslSha.CLEANER.register(this, () -> macs.forEach(OpenSslSha::freeHmac));
    }

    /** The keyed id of data[off, off+len). */
    public Id id(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (OpenSslSha.AVAILABLE) {
            MemorySegment ctx = nativeMacs.poll();
            if (ctx == null) ctx = OpenSslSha.newHmac(key);
            try {
                return Id.of(OpenSslSha.hmac(ctx, data, off, len));
            } finally {
                nativeMacs.add(ctx);
            }
        }
        Mac m = jdkMacs.poll();
        if (m == null) m = jdkMac();
        try {
            m.update(data, off, len);
            return Id.of(m.doFinal());
        } finally {
            jdkMacs.add(m);
        }
    }

    private Mac jdkMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Id id(byte[] data) {
        return id(data, 0, data.length);
    }

    private static final Queue<Sha256> DIGESTS = new ConcurrentLinkedQueue<>();

    /** Plain SHA-256, used to name packs and other files by their content. */
    public static Id sha256(byte[] data, int off, int len) {
        Sha256 d = DIGESTS.poll();
        if (d == null) d = new Sha256();
        try {
            return Id.of(d.update(data, off, len).digest());
        } finally {
            DIGESTS.add(d);
        }
    }

    public static Id sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }
}
