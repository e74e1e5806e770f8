/**
 * The storage layer: a small interface over named immutable blobs, its implementations (local
 * filesystem, in-memory) and decorators (fault injection). Nothing above this layer knows which
 * implementation it talks to.
 */
package dev.holdfast.storage;
