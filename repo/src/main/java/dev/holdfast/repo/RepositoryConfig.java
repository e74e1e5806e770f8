package dev.holdfast.repo;

import dev.holdfast.chunk.ChunkerParams;

/**
 * The repository's parameters, stored encrypted in {@code config}: format version, random id,
 * algorithms, chunker bounds and secret, default compression level and target pack size.
 */
public record RepositoryConfig(int version, String id, String created, String chunker, int chunkMin,
                               int chunkAvg, int chunkMax, String chunkerSecret, String hash,
                               String cipher, String compression, int compressionLevel, int packSize) {
    public static final int VERSION = 1;
    public static final int DEFAULT_PACK_SIZE = 16 * 1024 * 1024;

    public ChunkerParams chunkerParams() {
        return new ChunkerParams(chunkMin, chunkAvg, chunkMax);
    }

    public byte[] chunkerSecretBytes() {
        return java.util.Base64.getDecoder().decode(chunkerSecret);
    }
}
