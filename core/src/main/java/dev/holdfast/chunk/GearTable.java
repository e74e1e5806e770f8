package dev.holdfast.chunk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed gear table of the chunker: 256 pseudo-random 64-bit values, one per byte value,
 * derived from the repository's 32-byte chunker secret so that chunk boundaries (and hence chunk
 * sizes) differ between repositories and do not fingerprint known files.
 *
 * <p>Block {@code k} (k = 0..63) is {@code HMAC-SHA256(secret, "holdfast-gear" || uint32_be(k))};
 * its 32 bytes, read as four big-endian 64-bit words, are entries {@code 4k .. 4k+3}. See
 * docs/repository-format.md, "Chunking".
 */
public final class GearTable {
    /** Length of the chunker secret in bytes. */
    public static final int SECRET_SIZE = 32;
    static final byte[] LABEL = "holdfast-gear".getBytes(StandardCharsets.US_ASCII);

    private GearTable() {}

    /** Derives the 256-entry table; returns a fresh array the caller owns. */
    public static long[] derive(byte[] secret) {
        if (secret == null || secret.length != SECRET_SIZE) {
            throw new IllegalArgumentException("the chunker secret must have " + SECRET_SIZE + " bytes, not "
                    + (secret == null ? "null" : secret.length));
        }
        long[] table = new long[256];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            ByteBuffer message = ByteBuffer.allocate(LABEL.length + 4).put(LABEL);
            for (int k = 0; k < 64; k++) {
                message.putInt(LABEL.length, k); // ByteBuffer is big-endian by default
                ByteBuffer block = ByteBuffer.wrap(mac.doFinal(message.array()));
                for (int j = 0; j < 4; j++) table[4 * k + j] = block.getLong();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        return table;
    }
}
