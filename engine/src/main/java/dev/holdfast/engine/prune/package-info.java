/**
 * Garbage collection: which blobs the snapshots still reach, the plan of packs to delete and to
 * repack (a pure function), and its execution under the two-phase deletion protocol of
 * docs/repository-format.md ("Deleting data"), with index compaction.
 */
package dev.holdfast.engine.prune;
