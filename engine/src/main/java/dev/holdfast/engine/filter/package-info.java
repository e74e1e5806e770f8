/** Glob patterns over byte paths for --include and --exclude. */
package dev.holdfast.engine.filter;
