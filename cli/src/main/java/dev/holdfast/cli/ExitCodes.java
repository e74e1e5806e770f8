package dev.holdfast.cli;

/** The CLI's exit codes (documented in README.md and `holdfast --help`). */
public final class ExitCodes {
    public static final int OK = 0, ERROR = 1, USAGE = 2, PARTIAL = 3, NO_REPOSITORY = 10, WRONG_PASSWORD = 12;

    private ExitCodes() {}
}
