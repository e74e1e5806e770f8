package dev.holdfast.engine.prune;

import java.io.IOException;

/** Prune found the repository in a state where deleting anything could lose data; nothing was deleted. */
public final class PruneRefusedException extends IOException {
    public PruneRefusedException(String message) {
        super(message);
    }
}
