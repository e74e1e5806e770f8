package dev.holdfast.engine.backup;

import java.io.IOException;

/** A path given to backup does not exist; nothing was written. */
public class SourceNotFoundException extends IOException {
    public SourceNotFoundException(String message) {
        super(message);
    }
}
