/**
 * The storage layer: a small interface over named immutable blobs ({@code Storage},
 * {@code BlobInfo}, {@code NotFoundException}) and the naming rules every implementation enforces
 * ({@code NameRules}); its implementations, {@code LocalStorage} on a local filesystem (with
 * package-private helpers for directories, temporary files and listing) and {@code MemoryStorage}
 * in memory; and decorators, {@code FaultInjectingStorage} for tests. Nothing above this layer
 * knows which implementation it talks to. The shared contract suite every implementation must
 * pass, {@code StorageContract}, is in this module's test-jar.
 */
package dev.holdfast.storage;
