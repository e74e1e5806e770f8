package dev.holdfast.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes: where the repository is and how to unlock it. */
public final class GlobalOptions {
    @Option(names = {"-r", "--repo"}, paramLabel = "REPO",
            description = "Repository location: a directory, sftp:USER@HOST:/PATH, sftp://USER@HOST:PORT/PATH s3:https://ENDPOINT/BUCKET/PREFIX (see docs/backends.md) or rest:https://USER@HOST:PORT/ (a repository server, docs/server.md). Default: $HOLDFAST_REPOSITORY, else the default local repository ~/.local/share/holdfast/repository.")
    public String repo;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from the first line of FILE. Default: $HOLDFAST_PASSWORD_FILE, then $HOLDFAST_PASSWORD, then a prompt on a terminal.")
    public Path passwordFile;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Local cache directory. Default: $HOLDFAST_CACHE_DIR, else ~/.cache/holdfast. Deleting it loses nothing.")
    public Path cacheDir;

    @Option(names = "--no-cache", description = "Do not use the local cache.")
    public boolean noCache;

    @Option(names = {"-o", "--option"}, paramLabel = "NAME=VALUE",
            description = "A storage backend setting, for example -o s3.path-style=true (repeatable; see docs/backends.md).")
    public java.util.List<String> options = new java.util.ArrayList<>();

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Private key for sftp: repositories. Default: the first of ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
    public Path sshKey;

    @Option(names = "--limit-upload", paramLabel = "RATE",
            description = "Upload at most RATE bytes per second, for example 512K or 10M (a plain number is KiB/s).")
    public String limitUpload;

    @Option(names = "--limit-download", paramLabel = "RATE",
            description = "Download at most RATE bytes per second, for example 512K or 10M (a plain number is KiB/s).")
    public String limitDownload;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    public boolean debug;

    /** True when no option names another repository, password, or cache than the environment's. */
    boolean isDefault() {
        return repo == null && options.isEmpty() && passwordFile == null && cacheDir == null && !noCache
                && sshKey == null && limitUpload == null && limitDownload == null;
    }
}
