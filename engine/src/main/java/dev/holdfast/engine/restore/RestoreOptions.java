package dev.holdfast.engine.restore;

import dev.holdfast.engine.filter.PathFilter;

/**
 * @param target absolute path of the directory to restore into (created when missing)
 * @param subpath absolute path inside the snapshot to restore, or "/" for all of it
 * @param threads files written in parallel
 */
public record RestoreOptions(byte[] target, String subpath, PathFilter filter, int threads) {}
