/**
 * Copying snapshots between repositories: blob for blob when both share chunker and id key,
 * re-chunked otherwise; every chunk verified on receipt; resumable and idempotent.
 */
package dev.holdfast.engine.copy;
