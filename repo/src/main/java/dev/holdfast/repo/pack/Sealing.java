package dev.holdfast.repo.pack;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.hash.Id;
import dev.holdfast.memory.ScratchBuffer;

/** Seals one blob (compress when it pays, then AES-256-GCM bound to its type and id) and opens it. */
public final class Sealing {
    private final Aead aead;

    public Sealing(Aead aead) {
        this.aead = aead;
    }

    /** A sealed blob ready for a pack: bytes[off, off+length). */
    public record Sealed(BlobType type, Id id, byte[] bytes, int off, int length, int rawLength, boolean compressed) {
        public Sealed {
            java.util.Objects.checkFromIndexSize(off, length, bytes.length);
        }
    }

    /**
     * Sealed blobs go to the sealing thread's buffer: a backup would otherwise allocate all it
     * stores. Kept up to 2 MiB per thread (a backup seals from many reader threads); larger blobs
     * get an array of their own.
     */
    private static final int SCRATCH_RETAIN = (2 << 20) + Aead.OVERHEAD + 1024;
    private static final ThreadLocal<ScratchBuffer> OUT = ThreadLocal.withInitial(() -> new ScratchBuffer(SCRATCH_RETAIN));

    /**
     * Compresses (when it pays) and seals a blob. The result lies in a buffer of the calling
     * thread, valid until the thread seals again: add it to a pack before that.
     */
    public Sealed seal(BlobType type, Id id, byte[] plain, int off, int len, Compressor compressor) {
        return compressor.compress(plain, off, len, (buf, o, n, compressed) -> sealed(type, id, buf, o, n, len, compressed));
    }

    /**
     * Seals a payload that is already in its stored form (the plaintext, or its zstd frame when
     * compressed), as read from another repository: nothing is compressed again. Like
     * {@link #seal}, the result is only valid until the calling thread seals again.
     */
    public Sealed sealPayload(BlobType type, Id id, byte[] payload, int rawLength, boolean compressed) {
        return sealed(type, id, payload, 0, payload.length, rawLength, compressed);
    }

    private Sealed sealed(BlobType type, Id id, byte[] data, int off, int len, int rawLength, boolean compressed) {
        byte[] out = OUT.get().atLeast(len + Aead.OVERHEAD);
        int n = aead.seal(data, off, len, aad(type, id), out, 0);
        return new Sealed(type, id, out, 0, n, rawLength, compressed);
    }

    /**
     * A blob opened: its stored payload (a zstd frame when compressed) and its plaintext, which is
     * the first {@code rawLength} bytes of {@code plain} (a reused buffer when it was decompressed).
     */
    public record Opened(byte[] payload, byte[] plain) {}

    /** Authenticates, decrypts and decompresses; throws when the blob is not exactly what was sealed. */
    public byte[] open(BlobRef ref, byte[] sealed, int off) throws AuthenticationException {
        return openWithPayload(ref, sealed, off, byte[]::new).plain();
    }

    /**
     * As {@link #open}, also returning the stored payload (to seal it again without recompressing);
     * a compressed blob is decompressed into {@code buffer.apply(rawLength)}.
     */
    public Opened openWithPayload(BlobRef ref, byte[] sealed, int off, java.util.function.IntFunction<byte[]> buffer)
            throws AuthenticationException {
        byte[] payload = aead.open(sealed, off, ref.length(), aad(ref.type(), ref.id()));
        if (!ref.compressed()) {
            if (payload.length != ref.rawLength()) throw new AuthenticationException("length mismatch");
            return new Opened(payload, payload);
        }
        try {
            byte[] plain = buffer.apply(ref.rawLength());
            Compressor.decompress(payload, 0, payload.length, plain, ref.rawLength());
            return new Opened(payload, plain);
        } catch (RuntimeException e) {
            throw new AuthenticationException("bad compressed blob: " + e.getMessage());
        }
    }

    /**
     * Reusable buffers for {@link #open(BlobRef, byte[], int, Buffers)}: one thread's. Buffers up
     * to the retain limit are kept and grown to the largest blob opened; a larger blob gets
     * buffers of its own, so many threads' buffers stay small whatever the largest blob.
     */
    public static final class Buffers {
        private final ScratchBuffer sealed, raw;

        public Buffers(int retain) {
            this.sealed = new ScratchBuffer(retain);
            this.raw = new ScratchBuffer(retain);
        }
    }

    /**
     * As {@link #open(BlobRef, byte[], int)}, into reused buffers: the plaintext is the first
     * {@code ref.rawLength()} bytes of the array returned, which may be one of buffers' and is
     * then overwritten by the next call.
     */
    public byte[] open(BlobRef ref, byte[] sealed, int off, Buffers buffers) throws AuthenticationException {
        int plainLength = ref.length() - Aead.OVERHEAD;
        if (plainLength < 0) throw new AuthenticationException("blob too short (" + ref.length() + " bytes)");
        byte[] plain = buffers.sealed.atLeast(plainLength);
        aead.open(sealed, off, ref.length(), aad(ref.type(), ref.id()), plain, 0);
        if (!ref.compressed()) {
            if (plainLength != ref.rawLength()) throw new AuthenticationException("length mismatch");
            return plain;
        }
        byte[] raw = buffers.raw.atLeast(ref.rawLength());
        try {
            Compressor.decompress(plain, 0, plainLength, raw, ref.rawLength());
        } catch (RuntimeException e) {
            throw new AuthenticationException("bad compressed blob: " + e.getMessage());
        }
        return raw;
    }

    /** Authenticates a sealed blob without decompressing it (prune copies it as it is). */
    public void authenticate(BlobRef ref, byte[] sealed, int off) throws AuthenticationException {
        aead.verify(sealed, off, ref.length(), aad(ref.type(), ref.id()));
    }

    public Aead aead() { return aead; }

    static byte[] aad(BlobType type, Id id) {
        byte[] a = new byte[1 + Id.SIZE];
        a[0] = (byte) type.code();
        id.copyTo(a, 1);
        return a;
    }
}
