/** Restore: recreate a snapshot's tree under a target directory, files in parallel, all metadata. */
package dev.holdfast.engine.restore;
