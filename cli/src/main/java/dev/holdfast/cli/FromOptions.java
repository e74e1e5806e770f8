package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The other repository a command reads from (copy's source, init's --copy-chunker-params). */
final class FromOptions {
    @Option(names = "--from", paramLabel = "REPO",
            description = "The source repository. Default: $HOLDFAST_FROM_REPOSITORY.")
    String repo;

    @Option(names = "--from-password-file", paramLabel = "FILE",
            description = "Read the source's password from the first line of FILE. Default: $HOLDFAST_FROM_PASSWORD_FILE, then $HOLDFAST_FROM_PASSWORD, then a prompt on a terminal.")
    Path passwordFile;

    RepoAccess access(GlobalOptions global, Env env) {
        return RepoAccess.other(global, env, repo, passwordFile, "HOLDFAST_FROM_", "--from", "--from-password-file");
    }

    /** Opens the source; errors say that it is the source that failed. */
    Repository open(GlobalOptions global, Env env) throws IOException {
        return Repos.open(access(global, env), "source");
    }
}
