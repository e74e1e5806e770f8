package dev.holdfast.chunk;

import java.util.Objects;

/**
 * FastCDC content-defined chunking with a keyed gear table (see docs/repository-format.md,
 * "Chunking"). Stateless apart from its parameters and table, so one instance serves many threads.
 */
public final class FastCdc {
    private final ChunkerParams params;
    private final long[] gear;
    private final long maskS;
    private final long maskL;

    /**
     * @param params chunk size bounds
     * @param secret the repository's 32-byte chunker secret from which the gear table is derived
     */
    public FastCdc(ChunkerParams params, byte[] secret) {
        this.params = Objects.requireNonNull(params, "params");
        this.gear = GearTable.derive(secret);
        this.maskS = CutMasks.strict(params.avg());
        this.maskL = CutMasks.loose(params.avg());
    }

    public ChunkerParams params() { return params; }

    /**
     * The length of the chunk that starts at data[off]. {@code len} is how many bytes are
     * available from off; the caller passes at least {@code params().max()} bytes unless the input
     * ends sooner. Returns a value in [1, len]: the first boundary found, or len when the input
     * ends (or max is reached) before one.
     */
    public int cut(byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        if (len == 0) throw new IllegalArgumentException("nothing to chunk: len is 0");
        int min = params.min();
        if (len <= min) return len;
        int n = Math.min(len, params.max());
        int normal = Math.min(params.avg(), n);
        long[] g = gear;
        long h = 0;
        // Cut-point skipping: bytes [0, min) of the chunk are not hashed. The cut is after byte i
        // (chunk offset) as soon as (h & mask) == 0, with the strict mask while i < avg.
        int i = off + min;
        // Two phases: the strict mask up to the normal size, then the loose one. Unrolled by four:
        // the launcher runs C1 only, which does not unroll loops itself.
        for (int phase = 0; phase < 2; phase++) {
            long m = phase == 0 ? maskS : maskL;
            int end = off + (phase == 0 ? normal : n);
            for (; i + 3 < end; i += 4) {
                h = (h << 1) + g[data[i] & 0xff];
                if ((h & m) == 0) return i - off + 1;
                h = (h << 1) + g[data[i + 1] & 0xff];
                if ((h & m) == 0) return i - off + 2;
                h = (h << 1) + g[data[i + 2] & 0xff];
                if ((h & m) == 0) return i - off + 3;
                h = (h << 1) + g[data[i + 3] & 0xff];
                if ((h & m) == 0) return i - off + 4;
            }
            for (; i < end; i++) {
                h = (h << 1) + g[data[i] & 0xff];
                if ((h & m) == 0) return i - off + 1;
            }
        }
        return n;
    }
}
