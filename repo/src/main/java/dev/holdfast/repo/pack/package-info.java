/** Packs: sealed blobs appended to files of several MiB with an encrypted header. */
package dev.holdfast.repo.pack;
