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
            throw new UserException(role + " repository: " + e.getMessage(), e.exitCode());
        } catch (IOException e) {
            throw new IOException(role + " repository " + access.location() + ": " + e.getMessage(), e);
        }
    }
}
