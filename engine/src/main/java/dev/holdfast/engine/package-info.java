/** The engine: backup, restore, check, retention (forget) and prune over a repository, and the byte-path helpers they share. */
package dev.holdfast.engine;
