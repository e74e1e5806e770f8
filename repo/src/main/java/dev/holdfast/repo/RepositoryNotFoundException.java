package dev.holdfast.repo;

import java.io.IOException;

/** There is no repository at the given location (exit code 10). */
public class RepositoryNotFoundException extends IOException {
    public RepositoryNotFoundException(String message) {
        super(message);
    }
}
