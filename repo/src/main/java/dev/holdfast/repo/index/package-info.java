/** Index files (blob id to pack location) and the compact in-memory index built from them. */
package dev.holdfast.repo.index;
