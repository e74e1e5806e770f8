package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens the repository (key derivation included) on a background thread while the command line
 * is being parsed, when the repository and password come from the environment alone: the two
 * overlap, so a short command such as {@code snapshots} answers sooner. The command then takes
 * the result, or the failure, exactly as if it had opened the repository itself.
 */
final class EarlyOpen {
    private static final Set<String> COMMANDS = Set.of("backup", "snapshots", "ls", "restore", "check", "stats", "cat", "key", "forget", "prune");
    private static final Set<String> OPTIONS = Set.of("-r", "--repo", "-o", "--option", "--password-file", "--cache-dir", "--no-cache", "-h", "--help",
            "--ssh-key", "--limit-upload", "--limit-download", "--policy");

    private final CompletableFuture<Repository> future;

    private EarlyOpen(CompletableFuture<Repository> future) {
        this.future = future;
    }

    /** Starts opening, or returns null when the command line could name another repository or password. */
    static EarlyOpen start(String[] args, Env env) {
        if (args.length == 0 || !COMMANDS.contains(args[0])) return null;
        if (env.get("HOLDFAST_PASSWORD") == null && env.get("HOLDFAST_PASSWORD_FILE") == null) return null;
        for (String a : args) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (OPTIONS.contains(name) || ((a.startsWith("-r") || a.startsWith("-o")) && !a.startsWith("--"))) return null;
        }
        RepoAccess access = new RepoAccess(new GlobalOptions(), env, null);
        CompletableFuture<Repository> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("early-open").start(() -> {
            try {
                f.complete(access.open());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new EarlyOpen(f);
    }

    /** The repository, or the exception opening it threw. */
    Repository get() throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new UncheckedIOException(new IOException(c));
        }
    }
}
