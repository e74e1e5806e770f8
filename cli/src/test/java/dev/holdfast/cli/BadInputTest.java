package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Wrong passwords, missing repositories, bad sources and bad command lines: exit codes and messages. */
class BadInputTest extends CliTestSupport {
    private String src() throws Exception {
        byte[] src = mkdir(Fs.b(work.resolve("src")));
        write(child(src, "f"), "data");
        return Fs.s(src);
    }

    /** Every file below dir with the SHA-256 of its content. */
    private static Map<String, String> digest(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var w = Files.walk(dir)) {
            for (Path p : w.toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isDirectory(p)) out.put(rel + "/", "dir");
                else out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }

    private static void noStackTrace(Cli.Result r) {
        assertThat(r.err() + r.out()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal error");
    }

    /** Runs in process and checks exit code, one line on stderr naming the problem, and no stack trace. */
    private Cli.Result error(int exit, String expected, String... args) {
        Cli.Result r = fails(exit, args);
        oneLine(r);
        noStackTrace(r);
        assertThat(r.err()).as(r.toString()).startsWith("holdfast").containsIgnoringCase(expected);
        return r;
    }

    @Test
    void wrongPasswordExits12ForEveryCommand() throws Exception {
        String src = src();
        init();
        ok("backup", src);
        cli.set("HOLDFAST_PASSWORD", "not-the-password");
        for (List<String> cmd : List.of(List.of("snapshots"), List.of("ls", "latest"), List.of("backup", src),
                List.of("restore", "latest", "--target", work.resolve("out").toString()), List.of("check"), List.of("stats"),
                List.of("cat", "config"), List.of("key", "list"))) {
            error(ExitCodes.WRONG_PASSWORD, "wrong password", cmd.toArray(String[]::new));
        }
        assertThat(Files.exists(work.resolve("out"))).isFalse();
        Path pw = Files.writeString(work.resolve("pw"), "also-wrong\n");
        cli.set("HOLDFAST_PASSWORD", null);
        error(ExitCodes.WRONG_PASSWORD, "wrong password", "snapshots", "--password-file", pw.toString());
        Files.writeString(pw, "test-password\nsecond line is ignored\n");
        ok("snapshots", "--password-file", pw.toString());
        Cli.Result p = cli.exec("snapshots", "--password-file", work.resolve("pw-missing").toString());
        assertThat(p.exit()).as(p.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(p.err()).contains("cannot read password file");
        Files.writeString(pw, "");
        error(ExitCodes.ERROR, "is empty", "snapshots", "--password-file", pw.toString());
        cli.set("HOLDFAST_PASSWORD", "not-the-password");
        Cli.Result r = cli.exec("snapshots");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.WRONG_PASSWORD);
        assertThat(r.err().strip()).as(r.toString()).startsWith("holdfast: wrong password").doesNotContain("\n");
    }

    @Test
    void missingRepositoryExits10() throws Exception {
        String src = src();
        Path none = work.resolve("no-such-repo");
        Path empty = Files.createDirectories(work.resolve("empty-dir"));
        Path junk = Files.createDirectories(work.resolve("junk-dir"));
        Files.writeString(junk.resolve("notes.txt"), "not a repository");
        for (Path repo : List.of(none, empty, junk)) {
            cli.set("HOLDFAST_REPOSITORY", repo.toString());
            for (List<String> cmd : List.of(List.of("snapshots"), List.of("ls", "latest"), List.of("backup", src),
                    List.of("restore", "latest", "--target", work.resolve("out").toString()), List.of("check"),
                    List.of("stats"), List.of("cat", "config"), List.of("key", "list"))) {
                error(ExitCodes.NO_REPOSITORY, "no repository at " + repo, cmd.toArray(String[]::new));
            }
        }
        assertThat(Files.exists(none)).as("nothing created").isFalse();
        assertThat(digest(junk)).containsOnlyKeys("/", "notes.txt");
        cli.set("HOLDFAST_REPOSITORY", null);
        error(ExitCodes.NO_REPOSITORY, "no repository", "snapshots", "-r", none.toString());
        Cli.Result r = cli.exec("stats", "--repo", none.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NO_REPOSITORY);
        assertThat(r.err().strip()).startsWith("holdfast: no repository at").doesNotContain("\n");
    }

    @Test
    void initOverAnExistingRepositoryChangesNothing() throws Exception {
        String src = src();
        init();
        ok("backup", src);
        Map<String, String> before = digest(work.resolve("repo"));
        error(ExitCodes.ERROR, "already exists", "init");
        cli.set("HOLDFAST_PASSWORD", "another-password");
        error(ExitCodes.ERROR, "already exists", "init", "--compression", "9");
        assertThat(digest(work.resolve("repo"))).isEqualTo(before);
        cli.set("HOLDFAST_PASSWORD", "test-password");
        assertThat(snapshots()).hasSize(1);
        // A directory holding pack data but no config is not initialised over either.
        Path partial = work.resolve("partial");
        Files.createDirectories(partial.resolve("data/00"));
        Files.writeString(partial.resolve("data/00/00aa"), "pack");
        Map<String, String> partialBefore = digest(partial);
        error(ExitCodes.ERROR, "refusing", "init", "-r", partial.toString());
        assertThat(digest(partial)).isEqualTo(partialBefore);
    }

    @Test
    void missingSourceWritesNoSnapshot() throws Exception {
        String src = src();
        init();
        Map<String, String> before = digest(work.resolve("repo"));
        error(ExitCodes.ERROR, "does not exist", "backup", work.resolve("nope").toString());
        error(ExitCodes.ERROR, work.resolve("nope2").toString(), "backup", src, work.resolve("nope2").toString());
        assertThat(digest(work.resolve("repo"))).isEqualTo(before);
        assertThat(snapshots()).isEmpty();
    }

    @Test
    void restoreIntoAFileIsRefusedClearly() throws Exception {
        String src = src();
        init();
        ok("backup", src);
        Path file = Files.writeString(work.resolve("a-file"), "x");
        error(ExitCodes.ERROR, "restore target " + file + " exists and is not a directory", "restore", "latest", "--target", file.toString());
        error(ExitCodes.ERROR, "cannot create restore target " + file.resolve("sub"), "restore", "latest", "--target", file.resolve("sub").toString());
        assertThat(file).hasContent("x");
    }

    @Test
    void usageErrorsExit2WithOneLine() throws Exception {
        String src = src();
        init();
        List<List<String>> bad = List.of(
                List.of("backup", "--bogus", src),
                List.of("backup"),
                List.of("backup", src, "--tag"),
                List.of("backup", "--readers", "many", src),
                List.of("backup", "--readers", "0", src),
                List.of("backup", "--compression", "99", src),
                List.of("restore", "latest"),
                List.of("restore"),
                List.of("ls"),
                List.of("snapshots", "extra-argument"),
                List.of("cat"),
                List.of("cat", "snapshot"),
                List.of("cat", "bogus"),
                List.of("key"),
                List.of("key", "frobnicate"),
                List.of("key", "remove"),
                List.of("check", "--read-data-subset", "lots"),
                List.of("init", "--pack-size", "0"),
                List.of("frobnicate"),
                List.of());
        for (List<String> args : bad) {
            Cli.Result r = fails(ExitCodes.USAGE, args.toArray(String[]::new));
            oneLine(r);
            noStackTrace(r);
            assertThat(r.err()).as(r.toString()).startsWith("holdfast").doesNotContain("Usage:");
        }
        assertThat(cli.run("frobnicate").err()).contains("unknown command 'frobnicate'");
        // Out-of-range numbers are refused with a message naming the option, not silently adjusted.
        error(ExitCodes.USAGE, "--pack-size", "init", "-r", work.resolve("r2").toString(), "--pack-size", "4097");
        assertThat(Files.exists(work.resolve("r2/config"))).isFalse();
        error(ExitCodes.USAGE, "--compression", "backup", "--compression", "-5", src);
        error(ExitCodes.USAGE, "--threads", "restore", "latest", "--target", work.resolve("t").toString(), "--threads", "0");
        error(ExitCodes.USAGE, "invalid subset", "check", "--read-data-subset", "NaN%");
        error(ExitCodes.USAGE, "invalid subset", "check", "--read-data-subset", "1/5/7");
        assertThat(snapshots()).isEmpty();
        assertThat(snapshots()).isEmpty();
        Cli.Result r = cli.exec("backup", "--no-such-option", src);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).contains("--no-such-option").doesNotContain("\n");
    }

    @Test
    void helpForEveryCommandMentionsEveryOption() throws Exception {
        List<Class<?>> commands = List.of(InitCommand.class, BackupCommand.class, SnapshotsCommand.class, LsCommand.class,
                RestoreCommand.class, CheckCommand.class, StatsCommand.class, CatCommand.class, KeyCommand.class);
        Cli.Result top = ok("--help");
        assertThat(top.out()).contains("Exit codes", "HOLDFAST_REPOSITORY", "HOLDFAST_PASSWORD");
        // picocli reports help texts it cannot format (a bare '%') on System.err, not on the command's stream.
        java.io.PrintStream systemErr = System.err;
        java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(picocliWarnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            helpOfEachCommand(commands, top);
        } finally {
            System.setErr(systemErr);
        }
        assertThat(picocliWarnings.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
        assertThat(ok("--version").out()).startsWith("holdfast ");
        Cli.Result p = cli.exec("restore", "--help");
        assertThat(p.exit()).as(p.toString()).isZero();
        assertThat(p.out()).contains("--include", "--exclude", "--target");
    }

    private void helpOfEachCommand(List<Class<?>> commands, Cli.Result top) {
        for (Class<?> cls : commands) {
            CommandLine model = new CommandLine(cls);
            String name = model.getCommandName();
            assertThat(top.out()).containsPattern("(?m)^  " + name + " ");
            for (List<String> how : List.of(List.of(name, "--help"), List.of("help", name), List.of(name, "-h"))) {
                Cli.Result r = ok(how.toArray(String[]::new));
                assertThat(r.out()).as(String.join(" ", how)).contains("Usage: holdfast " + name);
                assertThat(r.err()).as("stderr of %s", String.join(" ", how)).isEmpty();
                for (ArgSpec a : model.getCommandSpec().args()) {
                    String shown = a instanceof OptionSpec o ? o.longestName() : ((PositionalParamSpec) a).paramLabel();
                    assertThat(r.out()).as("%s mentions %s", String.join(" ", how), shown).contains(shown);
                }
            }
        }
    }
}
