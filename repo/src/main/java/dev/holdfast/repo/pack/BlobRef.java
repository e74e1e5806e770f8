package dev.holdfast.repo.pack;

import dev.holdfast.hash.Id;

/**
 * Where a blob lives: its pack, offset and sealed length, its plaintext length and whether the
 * plaintext was compressed.
 */
public record BlobRef(BlobType type, Id id, Id pack, long offset, int length, int rawLength, boolean compressed) {}
