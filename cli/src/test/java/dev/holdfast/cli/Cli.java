package dev.holdfast.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the holdfast CLI for tests: in this JVM through {@link Main#run} (fast), or as a real
 * process (for exit codes from the launcher's JVM, SIGKILL and concurrency tests).
 */
public final class Cli {
    /** One command's exit code and output. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private final Path cwd;

    /** A CLI bound to a repository directory with a test password, a private cache and a cheap KDF. */
    public Cli(Path work) {
        this.cwd = work;
        env.put("HOME", work.resolve("home").toString());
        env.put("HOLDFAST_REPOSITORY", work.resolve("repo").toString());
        env.put("HOLDFAST_PASSWORD", "test-password");
        env.put("HOLDFAST_CACHE_DIR", work.resolve("cache").toString());
        env.put("HOLDFAST_KDF_N", "1024");
        env.put("HOLDFAST_HOST", "testhost");
    }

    public Cli set(String name, String value) {
        if (value == null) env.remove(name);
        else env.put(name, value);
        return this;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Runs a command in this JVM. */
    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            int code = Main.run(args, new Env(Map.copyOf(env), cwd.toString(), o, e, false));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Starts a command as a separate JVM process. */
    public Process spawn(String... args) throws IOException {
        return spawnWith(List.of(), classPath(), args);
    }

    /** Runs a command as a separate process and waits for it. */
    public Result exec(String... args) throws IOException, InterruptedException {
        return await(spawn(args));
    }

    /**
     * Starts a command as a separate JVM through a wrapper program (for example setpriv, to run as
     * another user) with the given class path.
     */
    public Process spawnWith(List<String> wrapper, String classPath, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits for a process started by spawn or spawnWith and collects its exit code and output. */
    public static Result await(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        byte[][] streams = new byte[2][];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                streams[1] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                streams[1] = new byte[0];
            }
        });
        streams[0] = p.getInputStream().readAllBytes();
        int code = p.waitFor();
        t.join();
        return new Result(code, new String(streams[0], StandardCharsets.UTF_8), new String(streams[1], StandardCharsets.UTF_8));
    }

    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }
}
