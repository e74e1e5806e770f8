/** Backup: walk sources in parallel, skip unchanged files, chunk, deduplicate, store, write the snapshot. */
package dev.holdfast.engine.backup;
