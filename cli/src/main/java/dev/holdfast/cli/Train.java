package dev.holdfast.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind bin/holdfast's ahead-of-time cache: one JVM runs the common commands on a
 * scratch repository, so that the classes, lambdas and method profiles of each (not only of backup)
 * are in the cache and every command starts with them. Usage: {@code Train WORKDIR DATADIR}; the
 * data directory is copied, backed up, half deleted, backed up again, then forget --prune
 * (which repacks), snapshots, ls, restore and check run. Exits 1 when a command failed. The
 * launcher sets HOLDFAST_KDF_N low for it (the key file of a scratch repository).
 */
public final class Train {
    private Train() {}

    public static void main(String[] args) throws IOException {
        System.exit(train(Path.of(args[0]), Path.of(args[1])) == 0 ? 0 : 1);
    }

    /** Runs the commands in work on a copy of data; returns how many failed. */
    static int train(Path work, Path data) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) Files.copy(files.get(i), src.resolve(i + "-" + files.get(i).getFileName()));
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        Env env = new Env(Map.of("HOLDFAST_PASSWORD", "train", "HOLDFAST_REPOSITORY", work.resolve("repo").toString(),
                "HOLDFAST_CACHE_DIR", work.resolve("cache").toString()), work.toString(), sink, sink, false);
        int failed = run(env, "init");
        failed += run(env, "backup", src.toString());
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.sorted().toList()) if (p.getFileName().toString().hashCode() % 2 == 0) Files.delete(p);
        }
        failed += run(env, "backup", src.toString());
        failed += run(env, "forget", "--keep-last", "1", "--prune");
        failed += run(env, "snapshots");
        failed += run(env, "ls", "latest");
        failed += run(env, "restore", "latest", "--target", work.resolve("out").toString());
        failed += run(env, "check", "--read-data");
        return failed;
    }

    private static int run(Env env, String... args) {
        return Main.run(args, env) == ExitCodes.OK ? 0 : 1;
    }
}
