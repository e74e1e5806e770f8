package dev.holdfast.repo.io;

import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;

/**
 * The sealed-file envelope of config, index and snapshot files (docs/repository-format.md,
 * "Sealed files"): {@code 'H' 'F' kind version} then AES-256-GCM {@code nonce || ciphertext || tag}
 * with the four header bytes as associated data. The plaintext starts with a compression byte
 * (0 none, 1 zstd followed by the u32 raw length).
 */
public final class Envelope {
    public static final int VERSION = 1;
    public static final char CONFIG = 'C', INDEX = 'I', SNAPSHOT = 'S';
    /** Kinds of the deletion protocol's files (docs/repository-format.md, "Deleting data"). */
    public static final char MARKER = 'M', SESSION = 'B', LOCK = 'L', PROTECTION = 'P';
    private static final Compressor ZSTD = new Compressor(3);

    private Envelope() {}

    public static byte[] seal(Aead aead, char kind, byte[] payload, boolean compress) {
        byte[] header = header(kind);
        byte[] packed = compress ? ZSTD.compress(payload, 0, payload.length) : null;
        ByteWriter plain = new ByteWriter(payload.length + 8);
        if (packed == null) plain.u8(0).raw(payload);
        else plain.u8(1).u32(payload.length).raw(packed);
        byte[] sealed = aead.seal(plain.array(), 0, plain.length(), header);
        return new ByteWriter(header.length + sealed.length).raw(header).raw(sealed).toByteArray();
    }

    /** Authenticates and decrypts; {@code name} appears in every error message. */
    public static byte[] open(Aead aead, char kind, byte[] file, String name) throws FormatException {
        if (file.length < 4 || file[0] != 'H' || file[1] != 'F') throw new FormatException(name + ": not a Holdfast file (bad magic)");
        if (file[2] != kind) throw new FormatException(name + ": expected a file of kind " + kind + " but found " + (char) file[2]);
        if (file[3] != VERSION) throw new FormatException(name + ": unsupported version " + file[3] + " (this Holdfast reads version " + VERSION + ")");
        byte[] plain;
        try {
            plain = aead.open(file, 4, file.length - 4, header(kind));
        } catch (AuthenticationException e) {
            throw new FormatException(name + ": damaged (" + e.getMessage() + ")");
        }
        if (plain.length == 0) throw new FormatException(name + ": empty payload");
        if (plain[0] == 0) return java.util.Arrays.copyOfRange(plain, 1, plain.length);
        if (plain[0] != 1) throw new FormatException(name + ": unknown compression " + plain[0]);
        ByteReader r = new ByteReader(plain, 1, plain.length - 1, name);
        int raw = (int) r.u32();
        try {
            return Compressor.decompress(plain, 5, plain.length - 5, raw);
        } catch (RuntimeException e) {
            throw new FormatException(name + ": bad compressed payload (" + e.getMessage() + ")");
        }
    }

    private static byte[] header(char kind) {
        return new byte[] {'H', 'F', (byte) kind, VERSION};
    }
}
