/** Buffers reused from call to call, with a bound on what stays allocated. */
package dev.holdfast.memory;
