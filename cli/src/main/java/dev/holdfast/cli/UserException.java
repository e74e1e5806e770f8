package dev.holdfast.cli;

/** A problem the user can fix; printed as one line without a stack trace. */
public class UserException extends RuntimeException {
    private final int exitCode;

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(String message) {
        this(message, ExitCodes.ERROR);
    }

    public int exitCode() { return exitCode; }
}
