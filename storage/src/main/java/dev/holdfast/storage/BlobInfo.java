package dev.holdfast.storage;

/** Name and size of a stored blob. */
public record BlobInfo(String name, long size) {}
