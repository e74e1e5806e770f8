package dev.holdfast.cli;

import dev.holdfast.engine.backup.Backup;
import dev.holdfast.engine.backup.BackupOptions;
import dev.holdfast.engine.backup.BackupProgress;
import dev.holdfast.engine.backup.BackupResult;
import dev.holdfast.engine.backup.SourceNotFoundException;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.engine.source.PosixSourceFs;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = {
        "Back up files and directories into a new snapshot.",
        "Unchanged files (same path, inode, size, mtime and ctime as in the latest snapshot of the same host and paths) are not read again.",
        "Files that vanish or cannot be read are reported and left out; the rest is saved and the exit code is 3.",
        "With --policy FILE the paths, excludes, host, tags, compression and repositories come from a protection policy (docs/replication.md): the backup goes into its first repository, and the new snapshot is then copied from there to each other repository (the source is not read again). A replica that fails is named and the exit code is 1; the backup stays."})
final class BackupCommand extends BaseCommand {
    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Files or directories to back up (not with --policy).")
    List<String> paths = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "Back up what the policy FILE names into its repositories (see above).")
    Path policyFile;

    @Option(names = "--host", paramLabel = "HOST", description = "Host name to record. Default: this machine's name.")
    String host;

    @Option(names = "--tag", paramLabel = "TAG", description = "Tag the snapshot (repeatable; a,b gives the tags a and b).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = {"Leave out paths matching GLOB (repeatable).",
            "A pattern without '/' matches names (*.tmp); one starting with '/' matches absolute paths (/home/*/.cache); ** crosses directories."})
    List<String> excludes = new ArrayList<>();

    @Option(names = "--exclude-file", paramLabel = "FILE", description = "Read exclude patterns from FILE, one per line (# starts a comment).")
    List<Path> excludeFiles = new ArrayList<>();

    @Option(names = {"-x", "--one-file-system"}, description = "Do not cross into other file systems (mount points are kept, empty).")
    boolean oneFileSystem;

    @Option(names = "--time", paramLabel = "TIMESTAMP", description = "Record this snapshot time instead of now (ISO 8601, e.g. 2024-05-01T12:00:00Z).")
    String time;

    @Option(names = "--compression", paramLabel = "LEVEL", defaultValue = "-1", description = "zstd level for this backup (0 off to 19). Default: the repository's.")
    int compression;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "32", description = "Files read in parallel. Default: ${DEFAULT-VALUE}.")
    int readers;

    @Option(names = "--json", description = "Print one JSON status object per line and a final summary object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (compression < -1) throw new IllegalArgumentException("--compression must be 0 to 19, not " + compression);
        Policy policy = policyFile == null ? null : Policy.read(env.path(policyFile));
        if (policy != null) {
            if (!paths.isEmpty()) throw new IllegalArgumentException("give either PATH... or --policy, not both");
            if (global.repo != null) throw new IllegalArgumentException("--policy names its repositories; do not pass -r");
            paths = policy.paths();
            excludes.addAll(policy.excludes());
            tags.addAll(policy.tags());
            if (host == null) host = policy.host();
            if (compression == -1 && policy.compression() != null) compression = policy.compression();
        } else if (paths.isEmpty()) {
            throw new IllegalArgumentException("give the paths to back up, or --policy FILE");
        }
        List<String> patterns = new ArrayList<>(excludes);
        for (Path f : excludeFiles) {
            try {
                // decoded without loss: a pattern may name files that are not UTF-8
                dev.holdfast.engine.BytePaths.decode(Files.readAllBytes(env.path(f))).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(patterns::add);
            } catch (IOException e) {
                throw new UserException("cannot read exclude file " + f + ": " + e.getMessage());
            }
        }
        Instant when;
        try {
            when = time == null ? Instant.now() : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--time " + time + " is not an ISO 8601 time such as 2024-05-01T12:00:00Z");
        }
        if (host != null && host.isBlank()) throw new IllegalArgumentException("--host must not be empty");
        BackupOptions options = new BackupOptions(paths, env.cwd(), host != null ? host : RepoAccess.hostname(env),
                RepoAccess.user(env), dev.holdfast.engine.snapshots.SnapshotFilter.splitTags(tags), PathFilter.of(List.of(), patterns), oneFileSystem, when, compression, readers,
                policy != null && !policy.purgeDeleted());
        BackupProgress progress = new BackupProgress();
        ProgressPrinter printer = new ProgressPrinter(env, json, progress);
        BackupResult result;
        int replicasFailed = 0;
        try (Repository repo = policy != null ? Replication.openPrimary(this, policy) : access().openOrCreateDefault()) {
            printer.start();
            try {
                result = new Backup(repo, options, new PosixSourceFs(), progress).run();
            } catch (SourceNotFoundException e) {
                throw new UserException(e.getMessage());
            } finally {
                printer.stop();
            }
            for (String w : result.warnings()) env.err().println("warning: " + w);
            for (String e : result.errors()) env.err().println("error: " + e);
            report(result);
            if (policy != null) replicasFailed = new Replication(this, policy, json).replicate(repo, result.snapshot());
        }
        if (replicasFailed > 0) {
            env.err().println("holdfast: snapshot " + result.snapshot().shortId() + " is saved in " + policy.repositories().getFirst().location()
                    + " but " + replicasFailed + " of its " + Units.count(policy.repositories().size() - 1, "replica") + (replicasFailed == 1 ? " was" : " were") + " not updated (named above)");
            return ExitCodes.ERROR;
        }
        return result.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private void report(BackupResult result) throws IOException {
        Snapshot.Summary s = result.snapshot().snapshot().summary();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "summary");
            m.put("snapshot_id", result.snapshot().id());
            m.put("files_new", s.filesNew());
            m.put("files_changed", s.filesChanged());
            m.put("files_unchanged", s.filesUnchanged());
            m.put("dirs", s.dirs());
            m.put("bytes_read", s.bytesRead());
            m.put("bytes_added", s.bytesAdded());
            m.put("blobs_added", s.blobsAdded());
            m.put("total_files", s.totalFiles());
            m.put("total_bytes", s.totalBytes());
            m.put("errors", result.errors());
            m.put("warnings", result.warnings());
            m.put("duration_seconds", s.seconds());
            printJson(m);
            return;
        }
        env.out().printf("files: %d new, %d changed, %d unchanged; %s%n", s.filesNew(), s.filesChanged(), s.filesUnchanged(), s.dirs() == 1 ? "1 directory" : s.dirs() + " directories");
        env.out().printf("read %s, added %s to the repository in %.1f s%n", Units.bytes(s.bytesRead()), Units.bytes(s.bytesAdded()), s.seconds());
        env.out().println("snapshot " + result.snapshot().shortId() + " saved"
                + (result.complete() ? "" : " (" + Units.count(result.errors().size(), "file") + " could not be read)"));
    }
}
