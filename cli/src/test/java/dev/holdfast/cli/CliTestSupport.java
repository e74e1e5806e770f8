package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Shared set-up of the end-to-end tests: a work directory, a CLI bound to a repository in it, JSON helpers. */
abstract class CliTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    Cli cli;

    @BeforeEach
    void createCli() {
        cli = new Cli(work);
    }

    /** Runs a command in process and asserts it succeeded. */
    Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as("holdfast %s%n%s", String.join(" ", args), r).isZero();
        return r;
    }

    /** Runs a command in process and asserts its exit code. */
    Cli.Result fails(int exit, String... args) {
        Cli.Result r = cli.run(args);
        assertThat(r.exit()).as("holdfast %s%n%s", String.join(" ", args), r).isEqualTo(exit);
        return r;
    }

    void init() {
        ok("init");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The lines of a JSON-lines output, parsed. */
    static List<JsonNode> jsonLines(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isBlank()) out.add(json(l));
        return out;
    }

    /** Backs up with --json and returns the summary object (the last line). */
    JsonNode backup(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "backup";
        all[1] = "--json";
        System.arraycopy(args, 0, all, 2, args.length);
        Cli.Result r = ok(all);
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as(r.toString()).isNotEmpty();
        JsonNode summary = lines.getLast();
        assertThat(summary.path("message_type").asText()).as(r.toString()).isEqualTo("summary");
        return summary;
    }

    List<JsonNode> snapshots(String... filter) {
        String[] all = new String[filter.length + 2];
        all[0] = "snapshots";
        all[1] = "--json";
        System.arraycopy(filter, 0, all, 2, filter.length);
        JsonNode arr = json(ok(all).out());
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }

    /** The restored copy of an absolute source path under a full-restore target. */
    static byte[] under(Path target, byte[] absolute) {
        return Fs.concat(Fs.b(target), absolute);
    }

    /** Creates a directory (and its parents) for a test tree. */
    byte[] dir(String rel) throws PosixException {
        byte[] p = Fs.b(work);
        for (String c : rel.split("/")) {
            p = Fs.child(p, c);
            if (!Fs.exists(p)) Fs.mkdir(p);
        }
        return p;
    }

    /** Asserts stderr is one line, without a stack trace. */
    static void oneLine(Cli.Result r) {
        String err = r.err().strip();
        assertThat(err).as(r.toString()).isNotEmpty().doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
    }

    /**
     * Gives every entry below root (and root) distinct nanosecond mtimes and atimes, deepest first,
     * so that restoring the times can be checked exactly.
     */
    static void stampTimes(byte[] root, long seedSeconds) throws PosixException {
        long[] counter = {0};
        stamp(root, seedSeconds, counter);
    }

    private static void stamp(byte[] path, long base, long[] counter) throws PosixException {
        if (Posix.lstat(path).isDirectory()) {
            List<byte[]> names = new ArrayList<>(Posix.listDir(path));
            names.sort(Arrays::compareUnsigned);
            for (byte[] n : names) stamp(Fs.child(path, n), base, counter);
        }
        long i = ++counter[0];
        long mtime = (base + i * 3607) * 1_000_000_000L + Math.floorMod(123_456_789L + i * 7_919, 1_000_000_000L);
        long atime = (base + i * 4001 + 86_400) * 1_000_000_000L + Math.floorMod(987_654_321L - i * 104_729, 1_000_000_000L);
        Posix.utimens(path, atime, mtime);
    }
}
