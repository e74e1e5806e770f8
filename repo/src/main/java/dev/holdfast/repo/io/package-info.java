/** Binary encodings shared by the repository's objects: varints, ids, the sealed-file envelope. */
package dev.holdfast.repo.io;
