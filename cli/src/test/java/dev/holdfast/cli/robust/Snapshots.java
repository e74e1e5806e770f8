package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.cli.Cli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Snapshot listing and restore-and-compare through the CLI. */
final class Snapshots {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One snapshot as listed by {@code holdfast snapshots --json}. */
    record Listed(String id, List<String> tags, List<String> paths) {
        String tag() {
            return tags.isEmpty() ? "" : tags.getFirst();
        }
    }

    private Snapshots() {}

    static List<Listed> list(Cli cli) throws IOException {
        Cli.Result r = cli.run("snapshots", "--json");
        assertThat(r.exit()).as("snapshots --json\n" + r).isZero();
        List<Listed> out = new ArrayList<>();
        for (JsonNode n : JSON.readTree(r.out())) {
            List<String> tags = new ArrayList<>(), paths = new ArrayList<>();
            n.get("tags").forEach(t -> tags.add(t.asText()));
            n.get("paths").forEach(t -> paths.add(t.asText()));
            out.add(new Listed(n.get("id").asText(), tags, paths));
        }
        return out;
    }

    /** Restores src of snapshot id into target (in this JVM) and returns the result. */
    static Cli.Result restore(Cli cli, String id, Path src, Path target) {
        return cli.run("restore", id + ":" + src, "--target", target.toString());
    }

    /** Restores src of snapshot id into target and fails unless it is byte-identical to expected. */
    static void restoreExactly(Cli cli, String id, Path src, Path target, TreeState expected) throws IOException {
        Cli.Result r = restore(cli, id, src, target);
        assertThat(r.exit()).as("restore " + id + "\n" + r).isZero();
        TreeState.assertSame(expected, TreeState.of(target), "snapshot " + id.substring(0, Math.min(8, id.length())) + " of " + src);
    }

    /** The value of a numeric field of the summary line printed by {@code backup --json}. */
    static long summaryField(Cli.Result backup, String field) throws IOException {
        String[] lines = backup.out().strip().split("\n");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]);
        assertThat(summary.path("message_type").asText()).as(backup.toString()).isEqualTo("summary");
        return summary.get(field).asLong();
    }
}
