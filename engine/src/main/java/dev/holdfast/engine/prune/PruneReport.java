package dev.holdfast.engine.prune;

import java.util.List;

/**
 * What a prune did (or, with --dry-run, would do).
 *
 * @param plan the plan of this run's first phase (null when the repository needed nothing)
 * @param packsDeleted packs deleted by this run (of this plan or of earlier, pending ones)
 * @param pendingPacks packs marked for deletion that wait for running backups to end
 * @param waitingFor the backups they wait for
 * @param indexFilesBefore index files before compaction; indexFilesAfter after
 */
public record PruneReport(PrunePlan plan, long packsDeleted, long bytesDeleted, long pendingPacks,
                          List<String> waitingFor, int indexFilesBefore, int indexFilesAfter, List<String> notes) {}
