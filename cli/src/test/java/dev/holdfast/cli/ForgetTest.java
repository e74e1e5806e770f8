package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** forget, protect and unprotect through the CLI, including the capacity limits and bad input. */
class ForgetTest extends CliTestSupport {
    private Path src;

    /** Snapshots a day apart, of a directory whose file changes each time (random 200 KiB). */
    private void history(int count) throws IOException {
        init();
        src = Files.createDirectories(work.resolve("src"));
        Random r = new Random(42);
        for (int i = 1; i <= count; i++) {
            byte[] data = new byte[200 * 1024];
            r.nextBytes(data);
            Files.write(src.resolve("file.bin"), data);
            backup("--time", "2026-03-0" + i + "T12:00:00Z", src.toString());
        }
    }

    private List<String> times() {
        return snapshots().stream().map(n -> n.get("time").asText().substring(0, 10)).toList();
    }

    @Test
    void dryRunPrintsEachDecisionWithItsReasonAndChangesNothing() throws IOException {
        history(6);
        Cli.Result r = ok("forget", "--keep-last", "2", "--keep-tag", "none", "--dry-run");
        assertThat(r.out()).contains("would remove").contains("keep         ").contains("last").contains("no rule keeps it");
        assertThat(times()).hasSize(6);
        JsonNode json = json(ok("forget", "--keep-last", "2", "--dry-run", "--json").out());
        assertThat(json).hasSize(6);
        assertThat(json.get(5).get("keep").asBoolean()).isTrue();
        assertThat(json.get(5).get("reasons").get(0).asText()).isEqualTo("last");
        assertThat(json.get(0).get("keep").asBoolean()).isFalse();
        assertThat(times()).hasSize(6);
    }

    @Test
    void rulesRemoveTheRestAndPruneFreesTheirData() throws IOException {
        history(6);
        long before = repoSize();
        Cli.Result r = ok("forget", "--keep-last", "2", "--keep-daily", "3", "--prune");
        assertThat(r.out()).contains("removed 3 snapshots").contains("deleted");
        assertThat(times()).containsExactly("2026-03-04", "2026-03-05", "2026-03-06");
        assertThat(repoSize()).isLessThan(before - 2 * 200 * 1024);
        ok("check", "--read-data");
    }

    @Test
    void rulesFromAPolicyFile() throws IOException {
        history(4);
        Path policy = Files.writeString(work.resolve("policy.toml"), """
                [schedule]
                cron = "0 3 * * *"
                [retention]
                keep-within = "1d"
                group-by = "host"
                """);
        ok("forget", "--rules-from", policy.toString());
        assertThat(times()).containsExactly("2026-03-03", "2026-03-04");
        Files.writeString(policy, "[retention]\n");
        assertThat(fails(2, "forget", "--rules-from", policy.toString()).err()).contains("has no keep rule");
        Files.writeString(policy, "[retention]\nkeep-lats = 1\n");
        assertThat(fails(2, "forget", "--rules-from", policy.toString()).err()).contains("unknown retention key");
        assertThat(fails(2, "forget", "--rules-from", policy.toString(), "--keep-last", "1").err()).contains("not both");
        assertThat(times()).hasSize(2);
    }

    @Test
    void withoutRulesOrIdsNothingIsRemoved() throws IOException {
        history(2);
        Cli.Result r = fails(2, "forget");
        oneLine(r);
        assertThat(r.err()).contains("nothing was removed");
        assertThat(fails(2, "forget", "--keep-daily", "-5").err()).contains("--keep-daily -5");
        assertThat(fails(2, "forget", "--keep-within", "soon").err()).contains("not a duration");
        assertThat(fails(2, "forget", "--group-by", "colour", "--keep-last", "1").err()).contains("colour");
        String id = snapshots().getFirst().get("id").asText();
        assertThat(fails(2, "forget", id, "--keep-last", "1").err()).contains("not both");
        assertThat(fails(1, "forget", "abcdef12").err()).contains("no snapshot with id abcdef12");
        assertThat(fails(2, "forget", "xyz").err()).contains("not a snapshot id");
        assertThat(times()).hasSize(2);
    }

    @Test
    void namedSnapshotsAreRemovedUnlessProtected() throws IOException {
        history(3);
        List<JsonNode> s = snapshots();
        String first = s.get(0).get("id").asText(), second = s.get(1).get("id").asText();
        assertThat(ok("protect", first.substring(0, 8)).out()).contains("protected snapshot " + first.substring(0, 8));
        assertThat(ok("snapshots").out()).contains(first.substring(0, 8) + "* ").contains("(* protected)");
        assertThat(snapshots().getFirst().path("protected").asBoolean()).isTrue();
        assertThat(snapshots().get(1).has("protected")).isFalse();
        Cli.Result r = fails(1, "forget", first, second);
        assertThat(r.out()).contains("protected").contains("removed 1 snapshot");
        assertThat(r.err()).contains("1 named snapshot is protected and stayed");
        assertThat(times()).containsExactly("2026-03-01", "2026-03-03");
        ok("forget", "--keep-last", "1");
        assertThat(times()).containsExactly("2026-03-01", "2026-03-03");
        assertThat(ok("unprotect", first).out()).contains("unprotected");
        assertThat(ok("unprotect", first).out()).contains("was not protected");
        ok("forget", "--keep-last", "1", "--prune");
        assertThat(times()).containsExactly("2026-03-03");
        ok("check", "--read-data");
    }

    @Test
    void maxRepoSizeRemovesOldestFirstUntilTheRepositoryFits() throws IOException {
        history(6);
        long size = repoSize();
        long limit = size - 3 * 200 * 1024 + 100 * 1024; // three snapshots' data must go
        Cli.Result r = ok("forget", "--max-repo-size", Long.toString(limit));
        assertThat(r.out()).contains("the capacity limit holds; removed 3 snapshots");
        assertThat(times()).containsExactly("2026-03-04", "2026-03-05", "2026-03-06");
        assertThat(repoSize()).isLessThanOrEqualTo(limit);
        ok("check", "--read-data");
    }

    @Test
    void capacityNeverRemovesTheNewestNorProtectedNorKeptAndSaysWhenTheLimitCannotBeReached() throws IOException {
        history(5);
        String second = snapshots().get(1).get("id").asText();
        ok("protect", second);
        JsonNode plan = json(ok("forget", "--keep-last", "1", "--max-repo-size", "1T", "--dry-run", "--json").out());
        assertThat(plan).hasSize(5);
        for (JsonNode d : plan) assertThat(d.get("keep").asBoolean()).isNotEqualTo(d.get("may_go").asBoolean());
        assertThat(plan.findValues("may_go").stream().filter(JsonNode::asBoolean)).hasSize(3);
        assertThat(json(ok("forget", "--keep-last", "1", "--dry-run", "--json").out()).get(0).has("may_go")).isFalse();
        Cli.Result r = fails(1, "forget", "--keep-tag", "nothing-has-it", "--max-repo-size", "1K");
        assertThat(r.err()).contains("cannot reach the capacity limit").contains("after removing 3 snapshots");
        assertThat(times()).containsExactly("2026-03-02", "2026-03-05");
        assertThat(fails(1, "forget", "--min-free-space", "100%").err()).contains("cannot reach the capacity limit");
        assertThat(times()).containsExactly("2026-03-02", "2026-03-05");
        assertThat(ok("forget", "--max-repo-size", "1T").out()).contains("removed 0 snapshots");
        assertThat(fails(2, "forget", "--max-repo-size", "10%").err()).contains("give a size");
        assertThat(ok("forget", "--max-repo-size", "1K", "--dry-run").out()).contains("would remove");
        ok("check", "--read-data");
    }

    private long repoSize() throws IOException {
        Path repo = work.resolve("repo");
        try (var s = Files.walk(repo)) {
            return s.filter(Files::isRegularFile).filter(p -> !repo.relativize(p).startsWith("tmp")).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
