/** Check: verify the repository's structure and, optionally, read and authenticate its data. */
package dev.holdfast.engine.check;
