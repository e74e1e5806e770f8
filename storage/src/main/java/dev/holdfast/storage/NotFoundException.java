package dev.holdfast.storage;

import java.io.IOException;

/** The named blob does not exist. */
public class NotFoundException extends IOException {
    public NotFoundException(String message) {
        super(message);
    }
}
