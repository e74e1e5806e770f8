package dev.holdfast.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command runs in: environment variables, working directory and output streams. */
public record Env(Map<String, String> vars, String cwd, PrintStream out, PrintStream err, boolean terminal) {
    public static Env system() {
        return new Env(System.getenv(), System.getProperty("user.dir"), System.out, System.err,
                System.console() != null && System.console().isTerminal());
    }

    public String get(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public Path home() {
        String h = get("HOME");
        return Path.of(h != null ? h : System.getProperty("user.home"));
    }

    /** Resolves a user-given path against the working directory. */
    public Path path(Path p) {
        return Path.of(cwd).resolve(p);
    }
}
