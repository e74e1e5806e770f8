package dev.holdfast.repo;

import java.io.IOException;

/** init found a repository (or other files) already at the location; nothing was changed. */
public class RepositoryExistsException extends IOException {
    public RepositoryExistsException(String message) {
        super(message);
    }
}
