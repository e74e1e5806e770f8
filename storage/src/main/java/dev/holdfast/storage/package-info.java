/**
 * The storage layer: a small interface over named immutable blobs ({@code Storage},
 * {@code BlobInfo}, {@code NotFoundException}) and the naming rules every implementation enforces
 * ({@code NameRules}); its implementations, {@code LocalStorage} on a local filesystem (with
 * package-private helpers for directories, temporary files and listing) and {@code MemoryStorage}
 * in memory; decorators on {@code ForwardingStorage}: {@code RetryingStorage} (backoff;
 * {@code PermanentException} passes at once), {@code ReadAheadStorage}, {@code RateLimitedStorage},
 * {@code MirrorStorage} (replicas), and {@code FaultInjectingStorage} for tests; and
 * {@code Backends}, which opens a location through the {@code StorageProvider} of its scheme
 * (the SFTP and S3 backends live in their own modules) and applies the decorators its settings ask for. Nothing above this layer
 * knows which implementation it talks to. The shared contract suite every implementation must
 * pass, {@code StorageContract}, is in this module's test-jar.
 */
package dev.holdfast.storage;
