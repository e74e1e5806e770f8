package dev.holdfast.repo.io;

import java.io.IOException;

/** A stored object does not follow the repository format: it is damaged or of an unknown version. */
public class FormatException extends IOException {
    public FormatException(String message) {
        super(message);
    }
}
