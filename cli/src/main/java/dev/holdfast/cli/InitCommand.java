package dev.holdfast.cli;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = "Create a new repository (refused when one exists at the location; nothing is touched).")
final class InitCommand extends BaseCommand {
    @Option(names = "--compression", paramLabel = "LEVEL", defaultValue = "3",
            description = "Default zstd level for backups, 0 (off) to 19. Default: ${DEFAULT-VALUE}.")
    int compression;

    @Option(names = "--pack-size", paramLabel = "MIB", defaultValue = "16",
            description = "Target pack size in MiB (1 to 256). Default: ${DEFAULT-VALUE}.")
    int packSizeMiB;

    @Override
    public Integer call() throws Exception {
        if (packSizeMiB < 1 || packSizeMiB > 256) throw new IllegalArgumentException("--pack-size must be 1 to 256 (MiB), not " + packSizeMiB);
        RepoAccess access = access();
        RepositoryInit.Options o = new RepositoryInit.Options(ChunkerParams.DEFAULT, compression, packSizeMiB * 1024 * 1024);
        try (Repository r = access.init(o)) {
            env.out().println("created repository " + r.config().id().substring(0, 10) + " at " + access.location());
            if (access.isDefault() && env.get("HOLDFAST_PASSWORD") == null && env.get("HOLDFAST_PASSWORD_FILE") == null && global.passwordFile == null) {
                env.out().println("its password is in " + RepoAccess.defaultPasswordFile(env) + "; keep a copy elsewhere: without it the backups cannot be read");
            }
        }
        return ExitCodes.OK;
    }
}
