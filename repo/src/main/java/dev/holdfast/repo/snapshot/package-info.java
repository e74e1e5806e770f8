/** Snapshot records and how they are found (id prefix, latest, host/path/tag filters). */
package dev.holdfast.repo.snapshot;
