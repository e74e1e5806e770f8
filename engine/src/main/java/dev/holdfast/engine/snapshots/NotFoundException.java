package dev.holdfast.engine.snapshots;

/** A snapshot, or a path in one, that the command line names and that does not exist (exit code 1, not a usage error). */
public final class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
