package dev.holdfast.storage;

import java.io.IOException;

/**
 * A storage failure that trying again cannot fix: wrong or expired credentials, access denied, a
 * missing bucket, an unknown or changed host key. {@link RetryingStorage} passes it on at once.
 */
public class PermanentException extends IOException {
    public PermanentException(String message) {
        super(message);
    }

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }
}
