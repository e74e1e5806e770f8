package dev.holdfast.storage;

import java.io.EOFException;

/** Argument checks and errors for ranged reads, shared by the implementations. */
final class Ranges {
    private Ranges() {}

    /** @throws IllegalArgumentException if offset or length is negative */
    static void check(long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "invalid range: offset " + offset + ", length " + length);
        }
    }

    /** True if [offset, offset + length) reaches past size (without overflowing). */
    static boolean beyondEnd(long size, long offset, int length) {
        return offset > size - length;
    }

    /** The error for a range that reaches past the end of a blob. */
    static EOFException eof(String name, String location, long size, long offset, int length) {
        return new EOFException("file " + name + " in " + location + " is " + size
                + " bytes, cannot read " + length + " bytes at offset " + offset);
    }
}
