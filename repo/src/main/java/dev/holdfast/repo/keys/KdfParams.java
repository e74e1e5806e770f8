package dev.holdfast.repo.keys;

import dev.holdfast.crypto.Scrypt;

/** scrypt parameters of a key file: N (a power of two), r and p. Memory is 128 * N * r bytes. */
public record KdfParams(int n, int r, int p) {
    /** 2^15 * 8 * 128 = 32 MiB of memory, about 0.1 s on one core. */
    public static final KdfParams DEFAULT = new KdfParams(1 << 15, 8, 1);

    public KdfParams {
        // Upper bounds keep a planted key file from demanding unbounded memory or time (1 GiB at most).
        if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1 || (long) n * r > (1L << 23) || p > 16) throw new IllegalArgumentException("bad scrypt parameters N=" + n + " r=" + r + " p=" + p);
    }

    /** The parameters to use for new key files: DEFAULT, or HOLDFAST_KDF_N (tests only) when set. */
    public static KdfParams forNewKeys() {
        String n = System.getenv("HOLDFAST_KDF_N");
        return n == null ? DEFAULT : new KdfParams(Integer.parseInt(n), 8, 1);
    }

    byte[] derive(byte[] password, byte[] salt) {
        return Scrypt.derive(password, salt, n, r, p, 32);
    }
}
