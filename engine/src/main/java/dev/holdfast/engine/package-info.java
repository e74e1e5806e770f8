/** The engine: backup, restore and check over a repository, and the byte-path helpers they share. */
package dev.holdfast.engine;
