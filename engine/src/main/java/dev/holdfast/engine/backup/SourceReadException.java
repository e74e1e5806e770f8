package dev.holdfast.engine.backup;

import java.io.IOException;

/** Reading a source file failed (as opposed to writing the repository, which aborts the backup). */
public class SourceReadException extends IOException {
    public SourceReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
