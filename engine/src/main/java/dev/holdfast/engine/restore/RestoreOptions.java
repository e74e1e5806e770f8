package dev.holdfast.engine.restore;

import dev.holdfast.engine.filter.PathFilter;

/**
 * @param target absolute path of the directory to restore into (created when missing)
 * @param subpath absolute path inside the snapshot to restore, or "/" for all of it
 * @param threads threads fetching pack ranges and writing the files that need them
 */
public record RestoreOptions(byte[] target, String subpath, PathFilter filter, int threads) {}
