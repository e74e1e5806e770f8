/**
 * The deletion protocol (docs/repository-format.md, "Deleting data"): backup sessions and their
 * heartbeats, deletion markers, the prune lock, snapshot protection, and how a process tells
 * whether the owner of one of these files is still alive.
 */
package dev.holdfast.repo.gc;
