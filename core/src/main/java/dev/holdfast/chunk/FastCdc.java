package dev.holdfast.chunk;

/**
 * FastCDC content-defined chunking with a keyed gear table (see docs/repository-format.md,
 * "Chunking"). Stateless apart from its parameters and table, so one instance serves many threads.
 */
public final class FastCdc {

    /**
     * @param params chunk size bounds
     * @param secret the repository's 32-byte chunker secret from which the gear table is derived
     */
    public FastCdc(ChunkerParams params, byte[] secret) {
        throw new UnsupportedOperationException("TODO");
    }

    public ChunkerParams params() { throw new UnsupportedOperationException("TODO"); }

    /**
     * The length of the chunk that starts at data[off]. {@code len} is how many bytes are
     * available from off; the caller passes at least {@code params().max()} bytes unless the input
     * ends sooner. Returns a value in [1, len]: the first boundary found, or len when the input
     * ends (or max is reached) before one.
     */
    public int cut(byte[] data, int off, int len) {
        throw new UnsupportedOperationException("TODO");
    }
}
