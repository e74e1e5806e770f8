package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import java.io.IOException;

/** Opening one of several repositories a command uses, with errors that say which one failed. */
final class Repos {
    private Repos() {}

    /** Opens the repository; a failure is reported as "ROLE repository LOCATION: problem". */
    static Repository open(RepoAccess access, String role) throws IOException {
        try {
            return access.open();
        } catch (UserException e) {
            throw new UserException(role + " repository: " + e.getMessage().replace("check -r/HOLDFAST_REPOSITORY", where(role)), e.exitCode());
        } catch (IOException e) {
            throw new IOException(role + " repository " + access.location() + ": " + e.getMessage(), e);
        }
    }

    /** Where a repository of this role is given, for the hint of a message. */
    private static String where(String role) {
        return switch (role) {
            case "source" -> "check --from/HOLDFAST_FROM_REPOSITORY";
            case "target" -> "check --to (or -r/HOLDFAST_REPOSITORY)";
            case "replica" -> "check the replica's location";
            default -> "check -r/HOLDFAST_REPOSITORY";
        };
    }
}
