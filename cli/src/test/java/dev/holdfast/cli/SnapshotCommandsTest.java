package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.hash.Hashes;
import dev.holdfast.posix.Posix;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.storage.LocalStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** snapshots, ls, restore options, backup options, stats and cat, through the CLI. */
class SnapshotCommandsTest extends CliTestSupport {
    private byte[] src;
    private String s;

    /** src/ with a.txt, b.tmp, sub/{c.txt,d.tmp,deep/e.txt}, cache/f.bin, keep/cache/g and a symlink. */
    private void tree() throws Exception {
        src = mkdir(Fs.b(work.resolve("src")));
        s = Fs.s(src);
        write(child(src, "a.txt"), "a");
        write(child(src, "b.tmp"), "b");
        byte[] sub = mkdir(child(src, "sub"));
        write(child(sub, "c.txt"), "c");
        write(child(sub, "d.tmp"), "d");
        write(child(mkdir(child(sub, "deep")), "e.txt"), "e");
        write(child(mkdir(child(src, "cache")), "f.bin"), "f");
        write(child(mkdir(child(mkdir(child(src, "keep")), "cache")), "g"), "g");
        Posix.symlink(Fs.b("a.txt"), child(src, "link"));
    }

    /** The paths below src in a snapshot, relative to src. */
    private Set<String> listed(String snapshot, String... options) {
        String[] args = new String[options.length + 4];
        args[0] = "ls";
        args[1] = snapshot;
        args[2] = s;
        args[3] = "--json";
        System.arraycopy(options, 0, args, 4, options.length);
        Set<String> out = new TreeSet<>();
        for (JsonNode j : jsonLines(ok(args).out())) {
            String p = j.path("path").asText();
            if (p.startsWith(s + "/")) out.add(p.substring(s.length() + 1));
        }
        return out;
    }

    private static Set<String> files(Path dir) throws Exception {
        Set<String> out = new TreeSet<>();
        try (var w = Files.walk(dir)) {
            w.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString()));
        }
        return out;
    }

    private Repository openRepo() throws Exception {
        return Repository.open(new LocalStorage(work.resolve("repo")), "test-password".getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void snapshotsJsonHasEveryField() throws Exception {
        tree();
        init();
        JsonNode b1 = backup("--host", "h1", "--tag", "b", "--tag", "a", "--time", "2024-05-01T12:00:00Z", s);
        JsonNode b2 = backup("--host", "h1", "--time", "2024-05-02T12:00:00.5Z", s);
        List<JsonNode> list = snapshots();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.path("id").asText()).matches("[0-9a-f]{64}").isEqualTo(b1.path("snapshot_id").asText());
        assertThat(first.path("short_id").asText()).isEqualTo(first.path("id").asText().substring(0, 8));
        assertThat(first.path("time").asText()).isEqualTo("2024-05-01T12:00:00Z");
        assertThat(first.path("host").asText()).isEqualTo("h1");
        assertThat(first.path("user").asText()).isNotEmpty();
        assertThat(first.path("paths").toString()).isEqualTo(JSON.writeValueAsString(List.of(s)));
        assertThat(first.path("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(first.path("tree").asText()).matches("[0-9a-f]{64}");
        assertThat(first.has("parent")).isFalse();
        assertThat(first.path("summary").isObject()).isTrue();
        assertThat(first.path("summary").has("files_new")).as("snake_case as in backup --json: " + first).isTrue();
        JsonNode second = list.get(1);
        assertThat(second.path("id").asText()).isEqualTo(b2.path("snapshot_id").asText());
        assertThat(second.path("parent").asText()).isEqualTo(first.path("id").asText());
        String text = ok("snapshots").out();
        assertThat(text).contains(first.path("short_id").asText(), "h1", "a,b", s, "2 snapshots");
    }

    @Test
    void hostAndTagFiltersAndLatest() throws Exception {
        tree();
        init();
        write(child(src, "who"), "h1-first");
        backup("--host", "h1", "--tag", "x", "--time", "2024-01-01T00:00:00Z", s);
        Posix.unlink(child(src, "who"));
        write(child(src, "who"), "h2");
        backup("--host", "h2", "--tag", "y", "--time", "2024-01-02T00:00:00Z", s);
        Posix.unlink(child(src, "who"));
        write(child(src, "who"), "h1-second");
        backup("--host", "h1", "--tag", "x", "--tag", "y", "--time", "2024-01-03T00:00:00Z", s);
        Posix.unlink(child(src, "who"));
        write(child(src, "who"), "h3");
        backup("--host", "h3", "--time", "2023-01-01T00:00:00Z", s);

        assertThat(snapshots()).hasSize(4);
        assertThat(snapshots("--host", "h1")).hasSize(2);
        assertThat(snapshots("--tag", "y")).hasSize(2);
        assertThat(snapshots("--tag", "x", "--tag", "y")).hasSize(1);
        assertThat(snapshots("--host", "h2", "--tag", "x")).isEmpty();
        assertThat(snapshots("--path", s)).hasSize(4);
        assertThat(snapshots("--path", "/elsewhere")).isEmpty();
        assertThat(ok("snapshots", "--host", "nobody").out()).contains("0 snapshots");

        Map<String, String> latest = Map.of("", "h1-second", "h2", "h2", "h3", "h3");
        for (var e : latest.entrySet()) {
            Path out = work.resolve("out-" + e.getKey());
            String[] args = e.getKey().isEmpty()
                    ? new String[] {"restore", "latest:" + s + "/who", "--target", out.toString()}
                    : new String[] {"restore", "latest:" + s + "/who", "--target", out.toString(), "--host", e.getKey()};
            ok(args);
            assertThat(out.resolve("who")).as("latest of %s", e.getKey()).hasContent(e.getValue());
        }
        Path out = work.resolve("out-tag");
        ok("restore", "latest:" + s + "/who", "--target", out.toString(), "--tag", "x", "--host", "h1");
        assertThat(out.resolve("who")).hasContent("h1-second");
        Path outY = work.resolve("out-y");
        ok("restore", "latest:" + s + "/who", "--target", outY.toString(), "--tag", "y", "--host", "h2");
        assertThat(outY.resolve("who")).hasContent("h2");
        Cli.Result none = fails(ExitCodes.ERROR, "ls", "latest", "--host", "nosuch");
        assertThat(none.err()).contains("no snapshot matches host nosuch");
        oneLine(none);
    }

    @Test
    void lsListsPathsAndJsonEntries() throws Exception {
        tree();
        Posix.utimens(child(src, "a.txt"), 0, 1_700_000_000_123_456_789L);
        init();
        backup(s);
        String text = ok("ls", "latest").out();
        assertThat(text.lines().toList()).contains(s, s + "/a.txt", s + "/sub/deep/e.txt", s + "/link");
        String sub = ok("ls", "latest", s + "/sub").out();
        assertThat(sub.lines().toList()).containsExactly(s + "/sub/c.txt", s + "/sub/d.tmp", s + "/sub/deep", s + "/sub/deep/e.txt");
        String id = snapshots().getFirst().path("id").asText();
        JsonNode a = json(ok("ls", id, s + "/a.txt", "--json").out().strip());
        assertThat(a.path("path").asText()).isEqualTo(s + "/a.txt");
        assertThat(a.path("type").asText()).isEqualTo("file");
        assertThat(a.path("mode").asText()).isEqualTo("0644");
        assertThat(a.path("size").asLong()).isEqualTo(1);
        assertThat(a.path("mtime").asText()).isEqualTo("2023-11-14T22:13:20.123456789Z");
        assertThat(a.path("uid").asInt()).isEqualTo(Posix.lstat(child(src, "a.txt")).uid());
        JsonNode link = json(ok("ls", id.substring(0, 8), s + "/link", "--json").out().strip());
        assertThat(link.path("type").asText()).isEqualTo("symlink");
        assertThat(link.path("link_target").asText()).isEqualTo("a.txt");
        List<JsonNode> dir = jsonLines(ok("ls", id, s + "/sub", "--json").out());
        assertThat(dir).extracting(j -> j.path("type").asText()).containsExactly("file", "file", "dir", "file");
        assertThat(ok("ls", "-l", "latest", s).out()).contains(s + "/link -> a.txt").containsPattern("(?m)^d0755 .* " + s + "/sub$");
        Cli.Result missing = fails(ExitCodes.ERROR, "ls", "latest", s + "/no/such");
        assertThat(missing.err()).contains("is not in snapshot");
        oneLine(missing);
        for (String beyond : List.of(s + "/a.txt/x", s + "/link/a.txt", s + "/sub/c.txt/deeper/still")) {
            Cli.Result r = fails(ExitCodes.ERROR, "ls", "latest", beyond);
            assertThat(r.err()).as(beyond).contains("path " + beyond + " is not in snapshot");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void snapshotIdPrefixesUniqueAmbiguousUnknown() throws Exception {
        tree();
        init();
        backup(s);
        // Two more snapshot files whose ids share a prefix of at least 4 hex digits (birthday search).
        String[] pair;
        try (Repository repo = openRepo()) {
            String first = repo.snapshots().getFirst().id();
            byte[] json = repo.snapshotJson(first);
            Map<String, byte[]> byPrefix = new HashMap<>();
            Map<String, String> idByPrefix = new HashMap<>();
            while (true) {
                byte[] file = Envelope.seal(repo.aead(), Envelope.SNAPSHOT, json, true);
                String id = Hashes.sha256(file).hex();
                String p = id.substring(0, 4);
                if (byPrefix.containsKey(p) && !idByPrefix.get(p).equals(id)) {
                    repo.storage().put(Repository.SNAPSHOTS + id, file);
                    repo.storage().put(Repository.SNAPSHOTS + idByPrefix.get(p), byPrefix.get(p));
                    pair = new String[] {id, idByPrefix.get(p)};
                    break;
                }
                byPrefix.put(p, file);
                idByPrefix.put(p, id);
            }
        }
        assertThat(snapshots()).hasSize(3);
        int common = 0;
        while (pair[0].charAt(common) == pair[1].charAt(common)) common++;
        String ambiguous = pair[0].substring(0, common), unique = pair[0].substring(0, common + 1);

        assertThat(ok("cat", "snapshot", unique).out()).contains("\"tree\"");
        assertThat(listed(unique)).contains("a.txt");
        assertThat(listed(unique.toUpperCase())).contains("a.txt");
        Cli.Result amb = fails(ExitCodes.USAGE, "ls", ambiguous);
        assertThat(amb.err()).contains("ambiguous");
        oneLine(amb);
        List<String> ids = snapshots().stream().map(j -> j.path("id").asText()).toList();
        String absent = java.util.stream.IntStream.range(0, 0x10000).mapToObj(i -> String.format("%04x", i))
                .filter(p -> ids.stream().noneMatch(i -> i.startsWith(p))).findFirst().orElseThrow();
        Cli.Result unknown = fails(ExitCodes.ERROR, "restore", absent, "--target", work.resolve("x").toString());
        assertThat(unknown.err()).contains("no snapshot with id " + absent);
        oneLine(unknown);
        assertThat(Files.exists(work.resolve("x"))).as("nothing restored").isFalse();
        Cli.Result tooShort = fails(ExitCodes.USAGE, "ls", "ab");
        assertThat(tooShort.err()).contains("not a snapshot id");
        oneLine(fails(ExitCodes.USAGE, "ls", "not-hex!"));
    }

    @Test
    void restoreSubpathIncludeAndExclude() throws Exception {
        tree();
        init();
        backup(s);
        Path o1 = work.resolve("o1");
        ok("restore", "latest:" + s + "/sub", "--target", o1.toString());
        assertThat(files(o1)).containsExactlyInAnyOrder("c.txt", "d.tmp", "deep", "deep/e.txt");
        Path o2 = work.resolve("o2");
        ok("restore", "latest:" + s + "/a.txt", "--target", o2.toString());
        assertThat(files(o2)).containsExactly("a.txt");
        assertThat(o2.resolve("a.txt")).hasContent("a");
        Path o3 = work.resolve("o3");
        ok("restore", "latest:" + s, "--target", o3.toString(), "--include", s + "/sub/deep", "--include", "a.txt");
        assertThat(files(o3)).containsExactlyInAnyOrder("a.txt", "sub", "sub/deep", "sub/deep/e.txt");
        Path o4 = work.resolve("o4");
        ok("restore", "latest:" + s, "--target", o4.toString(), "--exclude", "*.tmp", "--exclude", s + "/keep");
        assertThat(files(o4)).containsExactlyInAnyOrder("a.txt", "link", "sub", "sub/c.txt", "sub/deep", "sub/deep/e.txt", "cache", "cache/f.bin");
        Path o5 = work.resolve("o5");
        ok("restore", "latest", "--target", o5.toString(), "--include", "*.txt", "--exclude", "sub");
        Path base = o5.resolve(s.substring(1));
        assertThat(files(base)).containsExactlyInAnyOrder("a.txt");
        Cli.Result missing = fails(ExitCodes.ERROR, "restore", "latest:" + s + "/nope", "--target", work.resolve("o6").toString());
        assertThat(missing.err()).contains("is not in snapshot");
        oneLine(missing);
        assertThat(work.resolve("o6")).as("no target is created for a path that is not there").doesNotExist();
    }

    @Test
    void backupExcludesTagsHostAndTime() throws Exception {
        tree();
        init();
        backup("--exclude", "*.tmp", "--exclude", s + "/cache", "--tag", "t1", s);
        assertThat(listed("latest")).containsExactlyInAnyOrder("a.txt", "link", "sub", "sub/c.txt", "sub/deep", "sub/deep/e.txt", "keep", "keep/cache", "keep/cache/g");

        Path excl = work.resolve("excludes.txt");
        Files.writeString(excl, "# a comment\n\n  *.tmp  \ncache\n" + s + "/**/e.txt\n");
        backup("--exclude-file", excl.toString(), "--host", "other", "--time", "2030-06-01T10:00:00Z", s);
        assertThat(listed("latest", "--host", "other")).containsExactlyInAnyOrder("a.txt", "link", "sub", "sub/c.txt", "sub/deep", "keep");
        JsonNode snap = snapshots("--host", "other").getFirst();
        assertThat(snap.path("time").asText()).isEqualTo("2030-06-01T10:00:00Z");
        assertThat(snapshots("--tag", "t1")).hasSize(1);

        backup("--exclude", "sub/deep", "--exclude", "[ab].*", s);
        assertThat(listed("latest", "--host", "testhost")).doesNotContain("a.txt", "b.tmp", "sub/deep", "sub/deep/e.txt").contains("sub/c.txt");

        Cli.Result badTime = fails(ExitCodes.USAGE, "backup", "--time", "yesterday", s);
        assertThat(badTime.err()).contains("--time yesterday");
        oneLine(badTime);
        Cli.Result noFile = fails(ExitCodes.ERROR, "backup", "--exclude-file", work.resolve("none.txt").toString(), s);
        assertThat(noFile.err()).contains("cannot read exclude file");
        oneLine(noFile);
        assertThat(snapshots()).hasSize(3);
    }

    @Test
    void backupJsonPrintsStatusLinesThenASummary() throws Exception {
        tree();
        init();
        Cli.Result r = ok("backup", "--json", s);
        List<JsonNode> lines = jsonLines(r.out());
        JsonNode summary = lines.getLast();
        for (JsonNode status : lines.subList(0, lines.size() - 1)) {
            assertThat(status.path("message_type").asText()).isEqualTo("status");
            assertThat(status.has("files_done") && status.has("bytes_done") && status.has("total_files")).isTrue();
        }
        assertThat(summary.path("message_type").asText()).isEqualTo("summary");
        assertThat(summary.path("snapshot_id").asText()).matches("[0-9a-f]{64}");
        assertThat(summary.path("files_new").asLong()).isEqualTo(7);
        assertThat(summary.path("files_changed").asLong()).isZero();
        assertThat(summary.path("files_unchanged").asLong()).isZero();
        assertThat(summary.path("bytes_read").asLong()).isEqualTo(7);
        assertThat(summary.path("bytes_added").asLong()).isPositive();
        assertThat(summary.path("duration_seconds").isNumber()).isTrue();
        assertThat(summary.path("errors").isArray() && summary.path("errors").isEmpty()).isTrue();
        assertThat(summary.path("total_files").asLong()).isEqualTo(7);
        assertThat(r.err()).isEmpty();
        String plain = ok("backup", s).out();
        assertThat(plain).contains("files: 0 new, 0 changed, 7 unchanged", "snapshot ", " saved");
    }

    @Test
    void oneFileSystemKeepsMountPointsEmpty() throws Exception {
        tree();
        byte[] mnt = mkdir(child(src, "mnt"));
        assumeTrue(Posix.geteuid() == 0 && Fs.onPath("mount"), "needs root to mount a tmpfs");
        try {
            Fs.sh("mount", "-t", "tmpfs", "-o", "size=1m", "holdfast-test", Fs.s(mnt));
        } catch (Exception e) {
            assumeTrue(false, "cannot mount a tmpfs: " + e.getMessage());
        }
        try {
            write(child(mnt, "on-tmpfs"), "other fs");
            init();
            backup("--one-file-system", s);
            assertThat(listed("latest")).contains("mnt", "a.txt").doesNotContain("mnt/on-tmpfs");
            backup("-x", s);
            assertThat(listed("latest")).contains("mnt").doesNotContain("mnt/on-tmpfs");
            backup(s);
            assertThat(listed("latest")).contains("mnt", "mnt/on-tmpfs");
        } finally {
            Fs.sh("umount", Fs.s(mnt));
        }
    }

    @Test
    void progressPrinterWritesJsonStatusLines() throws Exception {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8);
        dev.holdfast.engine.backup.BackupProgress p = new dev.holdfast.engine.backup.BackupProgress();
        p.filesFound.set(10);
        p.filesDone.set(4);
        p.bytesFound.set(1000);
        p.bytesDone.set(400);
        p.currentFile.set("/some/file");
        ProgressPrinter printer = new ProgressPrinter(new Env(Map.of(), "/", out, out, false), true, p);
        printer.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (buf.size() == 0 && System.nanoTime() < deadline) Thread.sleep(50);
        printer.stop();
        List<JsonNode> lines = jsonLines(buf.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(lines).isNotEmpty();
        JsonNode st = lines.getFirst();
        assertThat(st.path("message_type").asText()).isEqualTo("status");
        assertThat(st.path("files_done").asLong()).isEqualTo(4);
        assertThat(st.path("total_files").asLong()).isEqualTo(10);
        assertThat(st.path("bytes_done").asLong()).isEqualTo(400);
        assertThat(st.path("total_bytes").asLong()).isEqualTo(1000);
        assertThat(st.path("current_file").asText()).isEqualTo("/some/file");
        assertThat(st.has("seconds_elapsed") && st.has("seconds_remaining")).isTrue();
    }

    @Test
    void emptyRepository() throws Exception {
        init();
        assertThat(ok("snapshots", "--json").out().strip()).isEqualTo("[]");
        assertThat(ok("snapshots").out()).contains("0 snapshots");
        assertThat(json(ok("stats", "--json").out()).path("snapshots").asInt()).isZero();
        ok("check");
        oneLine(fails(ExitCodes.ERROR, "ls", "latest"));
    }

    @Test
    void statsAndCat() throws Exception {
        tree();
        write(child(src, "zeros"), new byte[1 << 20]);
        init();
        JsonNode b = backup(s);
        JsonNode st = json(ok("stats", "--json").out());
        assertThat(st.path("snapshots").asInt()).isEqualTo(1);
        assertThat(st.path("packs").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(st.path("data_blobs").asLong()).isBetween(8L, 9L);
        assertThat(st.path("tree_blobs").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(st.path("uncompressed_bytes").asLong()).isGreaterThan(1 << 20);
        assertThat(st.path("stored_bytes").asLong()).isLessThan(st.path("uncompressed_bytes").asLong());
        assertThat(st.path("pack_bytes").asLong()).isGreaterThanOrEqualTo(st.path("stored_bytes").asLong());
        assertThat(st.path("repository_bytes").asLong()).isGreaterThan(st.path("pack_bytes").asLong());
        assertThat(st.path("compression_ratio").asDouble()).isGreaterThan(1.0);
        assertThat(ok("stats").out()).contains("snapshots: 1", "packs: ", "ratio");

        String config = ok("cat", "config").out();
        JsonNode c = json(config);
        try (Repository repo = openRepo()) {
            assertThat(c.path("id").asText()).isEqualTo(repo.config().id());
            assertThat(config).doesNotContain(repo.config().chunkerSecret()).doesNotContain("test-password");
            for (byte[] k : List.of(repo.masterKey().encryption(), repo.masterKey().id())) {
                assertThat(config).doesNotContain(java.util.HexFormat.of().formatHex(k)).doesNotContain(java.util.Base64.getEncoder().encodeToString(k));
            }
        }
        assertThat(c.path("chunkerSecret").asText()).isEqualTo("(secret)");
        assertThat(c.path("cipher").asText()).isNotEmpty();

        String id = b.path("snapshot_id").asText();
        JsonNode snap = json(ok("cat", "snapshot", id.substring(0, 10)).out());
        assertThat(snap.path("tree").asText()).isEqualTo(snapshots().getFirst().path("tree").asText());
        assertThat(snap.path("paths").get(0).asText()).isEqualTo(s);
        assertThat(json(ok("cat", "snapshot", "latest").out())).isEqualTo(snap);
        oneLine(fails(ExitCodes.USAGE, "cat", "snapshot"));
        oneLine(fails(ExitCodes.USAGE, "cat", "packs"));
    }

    /** /proc files report a size of 0 and have content: it is read to the end and restored. */
    @Test
    void aFileThatReportsNoSizeIsReadToItsEnd() throws Exception {
        Path proc = Path.of("/proc/sys/kernel/ostype");
        assumeTrue(Files.exists(proc) && Posix.lstat(Fs.b(proc)).size() == 0);
        init();
        ok("backup", proc.toString());
        Path out = work.resolve("proc-out");
        ok("restore", "latest", "--target", out.toString());
        assertThat(Files.readString(out.resolve("proc/sys/kernel/ostype"))).isEqualTo(Files.readString(proc)).isNotEmpty();
    }
}
