package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.posix.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup --policy: one backup into the primary, replicated from there to the other repositories. */
class PolicyTest extends CliTestSupport {
    @TempDir(factory = StableTempDir.class)
    Path stable;

    byte[] src;
    Path primary, shared, other;

    @BeforeEach
    void repositories() throws Exception {
        src = mkdir(Fs.b(stable.resolve("src")));
        write(child(src, "a"), Fs.random(1, 2_000_000));
        byte[] d = mkdir(child(src, "d"));
        for (int i = 0; i < 10; i++) write(child(d, "f" + i), Fs.random(10 + i, 5000 + i));
        write(child(src, "scratch.tmp"), "excluded");
        primary = work.resolve("primary");
        shared = work.resolve("shared");
        other = work.resolve("other");
        Files.writeString(work.resolve("pw"), "policy-password\n");
        Cli c = new Cli(work).set("HOLDFAST_PASSWORD", "policy-password");
        assertThat(c.run("init", "-r", primary.toString()).exit()).isZero();
        c.set("HOLDFAST_FROM_PASSWORD", "policy-password");
        assertThat(c.run("init", "-r", shared.toString(), "--copy-chunker-params", "--from", primary.toString()).exit()).isZero();
        assertThat(c.run("init", "-r", other.toString(), "--pack-size", "1").exit()).isZero();
        cli.set("HOLDFAST_REPOSITORY", null);
    }

    private Path policy(String extra, Path... repos) throws Exception {
        StringBuilder sb = new StringBuilder("name = \"test\"\npaths = [\"" + Fs.s(src) + "\"]\nexclude = [\"*.tmp\"]\ntags = [\"daily\"]\n"
                + "host = \"policyhost\"\ncompression = 5\n" + extra + "\n");
        for (Path r : repos) sb.append("[[repository]]\nlocation = \"").append(r).append("\"\npassword-file = \"pw\"\n");
        sb.append("[retention]\nkeep-daily = 14\n");
        Path p = work.resolve("policy-" + System.nanoTime() + ".toml");
        Files.writeString(p, sb.toString());
        return p;
    }

    private Cli.Result on(Path repo, String... args) {
        return new Cli(work).set("HOLDFAST_REPOSITORY", repo.toString()).set("HOLDFAST_PASSWORD", "policy-password").run(args);
    }

    private List<JsonNode> list(Path repo) {
        Cli.Result r = on(repo, "snapshots", "--json");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<JsonNode> out = new java.util.ArrayList<>();
        json(r.out()).forEach(out::add);
        return out;
    }

    private void assertRestores(Path repo, byte[] expected) throws Exception {
        Path out = work.resolve("restore-" + System.nanoTime());
        Cli.Result r = on(repo, "restore", "latest", "--target", out.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(TreeDiff.diffContents(expected, under(out, src))).isEmpty();
    }

    @Test
    void backsUpIntoThePrimaryAndReplicatesTheNewSnapshot() throws Exception {
        Path p = policy("", primary, shared, other);
        Cli.Result r = ok("backup", "--policy", p.toString());
        assertThat(r.err()).contains("warning: policy test keeps all its copies on local storage");
        assertThat(r.out()).contains(shared + ": 1 snapshot copied").contains(other + ": 1 snapshot copied");
        JsonNode snap = list(primary).getFirst();
        assertThat(snap.path("host").asText()).isEqualTo("policyhost");
        assertThat(snap.path("tags").toString()).isEqualTo("[\"daily\"]");
        for (Path replica : List.of(shared, other)) {
            assertThat(list(replica)).singleElement().satisfies(s -> assertThat(s.path("original").asText()).isEqualTo(snap.path("id").asText()));
        }
        Fs.sh("rm", Fs.s(child(src, "scratch.tmp")));
        assertRestores(other, src);
        assertRestores(shared, src);

        // The next run copies only the new snapshot; with --json each replica reports.
        write(child(src, "new"), "new file");
        List<JsonNode> lines = jsonLines(ok("backup", "--json", "--policy", p.toString()).out());
        assertThat(lines.stream().filter(l -> l.path("message_type").asText().equals("replica")))
                .hasSize(2).allSatisfy(l -> assertThat(l.path("copied").asInt()).isEqualTo(1));
        assertThat(list(shared)).hasSize(2);
        assertThat(on(other, "check", "--read-data").exit()).isZero();
    }

    @Test
    void purgeDeletedFalseKeepsDeletedFilesInLaterSnapshots() throws Exception {
        Path keep = policy("purge-deleted = false", primary, other);
        ok("backup", "--policy", keep.toString());
        byte[] before = mkdir(Fs.b(work.resolve("before")));
        Fs.sh("cp", "-a", Fs.s(src) + "/.", Fs.s(before));
        Posix.unlink(child(src, "a"));
        Fs.sh("rm", "-r", Fs.s(child(src, "d")));
        write(child(src, "added"), "added after");
        long now = System.currentTimeMillis() * 1_000_000L;
        Posix.utimens(child(src, "added"), now + 86_400_000_000_000L, now - 86_400_000_000_000L); // reads leave this atime alone
        Fs.sh("cp", "-a", Fs.s(child(src, "added")), Fs.s(before));
        Fs.sh("rm", Fs.s(child(before, "scratch.tmp")));
        ok("backup", "--policy", keep.toString());
        assertRestores(primary, before);
        assertRestores(other, before);

        Path purge = policy("purge-deleted = true", primary, other);
        write(child(src, "x"), "x");
        ok("backup", "--policy", purge.toString());
        Path out = work.resolve("purged");
        assertThat(on(primary, "restore", "latest", "--target", out.toString()).exit()).isZero();
        assertThat(Files.exists(Path.of(Fs.s(under(out, src))).resolve("a"))).isFalse();
        assertThat(Files.exists(Path.of(Fs.s(under(out, src))).resolve("added"))).isTrue();
    }

    @Test
    void aFailingReplicaIsNamedAndTheOthersAndThePrimaryKeepTheBackup() throws Exception {
        Path missing = work.resolve("missing");
        Path p = policy("", primary, missing, other);
        Cli.Result r = fails(ExitCodes.ERROR, "backup", "--policy", p.toString());
        assertThat(r.err()).contains("replica " + missing + " not updated").contains("no repository");
        assertThat(r.err()).contains("is saved in " + primary).contains("1 of its 2 replicas");
        assertThat(list(primary)).hasSize(1);
        assertThat(list(other)).hasSize(1);

        Files.writeString(work.resolve("pw-wrong"), "wrong\n");
        Path wrong = work.resolve("policy-wrong.toml");
        Files.writeString(wrong, Files.readString(policy("", primary, other)).replaceFirst(
                "(?s)(location = \"" + java.util.regex.Pattern.quote(other.toString()) + "\"\npassword-file = )\"pw\"", "$1\"pw-wrong\""));
        r = fails(ExitCodes.ERROR, "backup", "--policy", wrong.toString());
        assertThat(r.err()).contains("replica " + other + " not updated").contains("wrong password");
        assertThat(list(primary)).hasSize(2);
    }

    @Test
    void badPolicies() throws Exception {
        String repo = "[[repository]]\nlocation = \"" + primary + "\"\npassword-file = \"pw\"\n";
        String paths = "paths = [\"" + Fs.s(src) + "\"]\n";
        String[][] cases = {
                {"name = \"x\"\n" + paths + "colour = \"red\"\n" + repo, "unknown key 'colour'"},
                {"name = \"x\"\n" + repo, "'paths'"},
                {"name = \"x\"\npaths = [\"relative\"]\n" + repo, "not absolute"},
                {"name = \"x\"\n" + paths + "compression = 42\n" + repo, "'compression'"},
                {"name = \"x\"\n" + paths + "purge-deleted = \"no\"\n" + repo, "'purge-deleted'"},
                {"name = \"x\"\n" + paths + "retention = 3\n" + repo, "'retention' must be a table"},
                {"name = \"x\"\n" + paths, "[[repository]]"},
                {"name = \"x\"\n" + paths + "[[repository]]\npassword-file = \"pw\"\n", "'location' is missing"},
                {"name = \"x\"\n" + paths + repo + "region = \"eu\"\n", "unknown key 'repository.region'"},
                {paths + repo, "'name' is missing"},
                {"name = \"x\n", "not valid TOML"},
        };
        for (String[] c : cases) {
            Path p = work.resolve("bad.toml");
            Files.writeString(p, c[0]);
            Cli.Result r = fails(ExitCodes.USAGE, "backup", "--policy", p.toString());
            oneLine(r);
            assertThat(r.err()).as(c[0]).contains(p.toString()).contains(c[1]);
        }
        assertThat(fails(ExitCodes.USAGE, "backup", "--policy", work.resolve("nope.toml").toString()).err()).contains("does not exist");
        Path good = policy("", primary);
        assertThat(fails(ExitCodes.USAGE, "backup", "--policy", good.toString(), Fs.s(src)).err()).contains("not both");
        assertThat(fails(ExitCodes.USAGE, "backup", "--policy", good.toString(), "-r", primary.toString()).err()).contains("-r");
        assertThat(list(primary)).isEmpty();
    }

    @Test
    void replicasShowWhichRepositoriesHoldEachSnapshotAndHowFarBehindTheyAre() throws Exception {
        Path both = policy("", primary, shared, other);
        ok("backup", "--policy", both.toString(), "--time", "2025-01-01T00:00:00Z");
        Path onlyPrimaryAndShared = policy("", primary, shared);
        ok("backup", "--policy", onlyPrimaryAndShared.toString(), "--time", "2025-01-01T03:00:00Z");
        ok("backup", "--policy", onlyPrimaryAndShared.toString(), "--time", "2025-01-01T05:00:00Z");

        JsonNode view = json(ok("snapshots", "--replicas", "--json", "--policy", both.toString()).out());
        assertThat(view.path("primary").asText()).isEqualTo(primary.toString());
        assertThat(view.path("snapshots")).hasSize(3);
        JsonNode first = view.path("snapshots").get(0), last = view.path("snapshots").get(2);
        assertThat(first.path("copies").has(shared.toString())).isTrue();
        assertThat(first.path("copies").has(other.toString())).isTrue();
        assertThat(last.path("copies").has(shared.toString())).isTrue();
        assertThat(last.path("missing_from").toString()).isEqualTo("[\"" + other + "\"]");
        JsonNode r2 = view.path("replicas").get(1);
        assertThat(r2.path("location").asText()).isEqualTo(other.toString());
        assertThat(r2.path("copies").asInt()).isEqualTo(1);
        assertThat(r2.path("behind").asInt()).isEqualTo(2);
        assertThat(r2.path("lag_seconds").asLong()).isEqualTo(5 * 3600);
        assertThat(view.path("replicas").get(0).path("behind").asInt()).isZero();

        String text = ok("snapshots", "--replicas", "--policy", both.toString()).out();
        assertThat(text).contains("R1 " + shared + ": holds 3 of 3 snapshots; up to date")
                .contains("R2 " + other + ": holds 1 of 3 snapshots; 2 behind").contains("5 h older");

        // --to with its own password; an unreachable replica is named and gives exit code 1
        cli.set("HOLDFAST_REPOSITORY", primary.toString()).set("HOLDFAST_PASSWORD", "policy-password").set("HOLDFAST_TO_PASSWORD", "policy-password");
        Cli.Result r = fails(ExitCodes.ERROR, "snapshots", "--replicas", "--to", other.toString(), "--to", work.resolve("gone").toString());
        assertThat(r.out()).contains("R2 " + work.resolve("gone") + ": not reachable").contains("R1 " + other + ": holds 1 of 3");
        assertThat(fails(ExitCodes.USAGE, "snapshots", "--replicas").err()).contains("--policy FILE or --to REPO");
        assertThat(fails(ExitCodes.USAGE, "snapshots", "--to", other.toString()).err()).contains("--replicas");
    }
}
