package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.keys.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "key", description = {"Manage the repository's passwords (key files).",
        "key list | key add | key remove ID | key passwd. The new password for add and passwd comes from --new-password-file, $HOLDFAST_NEW_PASSWORD, or a prompt."})
final class KeyCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, add, remove or passwd.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "Key id (or unique prefix) for remove.")
    String id;

    @Option(names = "--new-password-file", paramLabel = "FILE", description = "Read the new password from the first line of FILE.")
    Path newPasswordFile;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            Keys keys = repo.keys();
            switch (action) {
                case "list" -> {
                    env.out().printf("  %-8s  %-19s  %-12s  %s%n", "ID", "Created", "User", "Host");
                    for (Keys.Entry e : keys.list()) {
                        String created = e.file().created();
                        try {
                            created = SnapshotsCommand.TIME.format(Instant.parse(created));
                        } catch (java.time.format.DateTimeParseException ignored) {
                            // shown as written
                        }
                        env.out().printf("%s %-8s  %-19s  %-12s  %s%n", e.id().equals(repo.keyId()) ? "*" : " ", e.id().substring(0, 8),
                                created, e.file().user(), e.file().host());
                    }
                }
                case "add" -> env.out().println("added key " + add(repo).substring(0, 8));
                case "remove" -> {
                    if (id == null) throw new IllegalArgumentException("key remove needs a key id ('holdfast key list' shows them)");
                    RepoAccess.requireDeletions(repo, "key remove");
                    env.out().println("removed key " + keys.remove(id, repo.keyId()));
                }
                case "passwd" -> {
                    RepoAccess.requireDeletions(repo, "key passwd (which removes the old key)");
                    String added = add(repo);
                    keys.remove(repo.keyId(), added);
                    env.out().println("changed the password: key " + added.substring(0, 8) + " replaces " + repo.keyId().substring(0, 8));
                }
                default -> throw new IllegalArgumentException("unknown key action '" + action + "': use list, add, remove or passwd");
            }
        }
        return ExitCodes.OK;
    }

    private String add(Repository repo) throws IOException {
        return repo.keys().add(newPassword(env, newPasswordFile), repo.masterKey(), Instant.now().toString(), RepoAccess.hostname(env), RepoAccess.user(env));
    }

    /** A new password: from newPasswordFile when given, else $HOLDFAST_NEW_PASSWORD, else a prompt (twice). */
    static byte[] newPassword(Env env, Path newPasswordFile) throws IOException {
        if (newPasswordFile != null) {
            String line = Files.readString(env.path(newPasswordFile)).lines().findFirst().orElse("");
            if (line.isEmpty()) throw new UserException("new password file " + newPasswordFile + " is empty");
            return line.getBytes(StandardCharsets.UTF_8);
        }
        String p = env.get("HOLDFAST_NEW_PASSWORD");
        if (p != null) return p.getBytes(StandardCharsets.UTF_8);
        if (env.terminal() && System.console() != null) {
            char[] a = System.console().readPassword("New password: ");
            char[] b = System.console().readPassword("Repeat the new password: ");
            if (a == null || a.length == 0 || !new String(a).equals(new String(b))) throw new UserException("the new passwords are empty or do not match");
            return new String(a).getBytes(StandardCharsets.UTF_8);
        }
        throw new UserException("no new password: set HOLDFAST_NEW_PASSWORD or pass --new-password-file");
    }
}
