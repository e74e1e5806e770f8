package dev.holdfast.repo;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;

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

    public byte[] toJson() {
        return Json.write(toMap(), false);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("id", id);
        m.put("created", created);
        m.put("chunker", chunker);
        m.put("chunkMin", chunkMin);
        m.put("chunkAvg", chunkAvg);
        m.put("chunkMax", chunkMax);
        m.put("chunkerSecret", chunkerSecret);
        m.put("hash", hash);
        m.put("cipher", cipher);
        m.put("compression", compression);
        m.put("compressionLevel", compressionLevel);
        m.put("packSize", packSize);
        return m;
    }

    public static RepositoryConfig fromJson(byte[] json) throws FormatException {
        Json.Fields f = new Json.Fields(Json.parseObject(json, "config"), "config");
        return new RepositoryConfig(f.integer("version"), f.string("id"), f.optionalString("created"), f.string("chunker"),
                f.integer("chunkMin"), f.integer("chunkAvg"), f.integer("chunkMax"), f.string("chunkerSecret"), f.string("hash"),
                f.string("cipher"), f.string("compression"), f.integer("compressionLevel"), f.integer("packSize"));
    }

    public byte[] chunkerSecretBytes() {
        return java.util.Base64.getDecoder().decode(chunkerSecret);
    }
}
