/**
 * Linux system calls over byte-string paths via the foreign function API: stat, directory
 * listing, reads and writes, holes, links, device nodes, ownership, times and extended attributes.
 *
 * <p>{@link dev.holdfast.posix.Posix} is the public entry point. Inside: {@code Libc} binds the
 * C functions once (errno captured by the linker), {@code Scratch} holds each thread's reusable
 * native buffers, and {@code Stats}, {@code Dirs}, {@code Io}, {@code Nodes}, {@code Xattrs} and
 * {@code Users} implement the calls; {@code StatDecoder}, {@code PathText} and {@code Errors}
 * decode structs, render paths for messages and name errno values. Supported: Linux x86_64 and
 * aarch64 (statx has one layout everywhere; the fstatat fallback knows both struct stat layouts).
 */
package dev.holdfast.posix;
