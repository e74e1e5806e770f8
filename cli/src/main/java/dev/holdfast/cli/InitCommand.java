package dev.holdfast.cli;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryInit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", description = {"Create a new repository (refused when one exists at the location; nothing is touched).",
        "With --copy-chunker-params --from REPO it cuts the same chunks and gives them the same ids as REPO (its chunker parameters, chunker secret and id key are taken over; the encryption key is new), so 'holdfast copy' between the two sends chunks as stored and deduplicates against REPO."})
final class InitCommand extends BaseCommand {
    @Option(names = "--copy-chunker-params", description = "Take chunker parameters, chunker secret and chunk-id key from the repository given with --from.")
    boolean copyChunkerParams;

    @picocli.CommandLine.Mixin
    FromOptions from;

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
        if (copyChunkerParams != (from.repo != null)) {
            throw new IllegalArgumentException(copyChunkerParams ? "--copy-chunker-params needs --from REPO" : "--from is only used with --copy-chunker-params");
        }
        RepositoryInit.Inherited inherited = null;
        if (copyChunkerParams) {
            try (Repository source = from.open(global, env)) {
                inherited = RepositoryInit.Inherited.from(source);
            }
        }
        try (Repository r = access.init(o, inherited)) {
            env.out().println("created repository " + r.config().id().substring(0, 10) + " at " + access.location());
            if (access.isDefault() && env.get("HOLDFAST_PASSWORD") == null && env.get("HOLDFAST_PASSWORD_FILE") == null && global.passwordFile == null) {
                env.out().println("its password is in " + RepoAccess.defaultPasswordFile(env) + "; keep a copy elsewhere: without it the backups cannot be read");
            }
        }
        return ExitCodes.OK;
    }
}
