package dev.holdfast.repo.pack;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Id;

/** Seals one blob (compress when it pays, then AES-256-GCM bound to its type and id) and opens it. */
public final class Sealing {
    private final Aead aead;

    public Sealing(Aead aead) {
        this.aead = aead;
    }

    /** A sealed blob ready for a pack. */
    public record Sealed(BlobType type, Id id, byte[] bytes, int rawLength, boolean compressed) {}

    public Sealed seal(BlobType type, Id id, byte[] plain, int off, int len, Compressor compressor) {
        byte[] packed = compressor.compress(plain, off, len);
        byte[] sealed = packed == null
                ? aead.seal(plain, off, len, aad(type, id))
                : aead.seal(packed, 0, packed.length, aad(type, id));
        return new Sealed(type, id, sealed, len, packed != null);
    }

    /** Authenticates, decrypts and decompresses; throws when the blob is not exactly what was sealed. */
    public byte[] open(BlobRef ref, byte[] sealed, int off) throws AuthenticationException {
        byte[] plain = aead.open(sealed, off, ref.length(), aad(ref.type(), ref.id()));
        if (!ref.compressed()) {
            if (plain.length != ref.rawLength()) throw new AuthenticationException("length mismatch");
            return plain;
        }
        try {
            return Compressor.decompress(plain, 0, plain.length, ref.rawLength());
        } catch (RuntimeException e) {
            throw new AuthenticationException("bad compressed blob: " + e.getMessage());
        }
    }

    /** Authenticates a sealed blob without decompressing it (prune copies it as it is). */
    public void authenticate(BlobRef ref, byte[] sealed, int off) throws AuthenticationException {
        aead.open(sealed, off, ref.length(), aad(ref.type(), ref.id()));
    }

    public Aead aead() { return aead; }

    static byte[] aad(BlobType type, Id id) {
        byte[] a = new byte[1 + Id.SIZE];
        a[0] = (byte) type.code();
        id.copyTo(a, 1);
        return a;
    }
}
