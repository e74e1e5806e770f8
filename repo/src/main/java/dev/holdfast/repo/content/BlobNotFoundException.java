package dev.holdfast.repo.content;

import java.io.IOException;

/** A blob a tree or snapshot refers to is not in the repository's index. */
public class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String message) {
        super(message);
    }
}
