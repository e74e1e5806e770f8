/** Where backups read from: the source file system interface and its local implementation. */
package dev.holdfast.engine.source;
