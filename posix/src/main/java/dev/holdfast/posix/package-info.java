/**
 * Linux system calls over byte-string paths via the foreign function API: stat, directory
 * listing, reads and writes, holes, links, device nodes, ownership, times and extended attributes.
 */
package dev.holdfast.posix;
