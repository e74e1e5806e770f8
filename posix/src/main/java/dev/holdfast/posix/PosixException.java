package dev.holdfast.posix;

import java.io.IOException;

/** A failed system call: carries errno, its symbolic name and the path involved. */
public class PosixException extends IOException {
    private final int errno;

    public PosixException(String call, int errno, String errnoName, String path) {
        super(call + " " + path + ": " + errnoName);
        this.errno = errno;
    }

    public int errno() { return errno; }
}
