package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.posix.Posix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restore never writes outside its target, whatever the snapshot holds and whatever is in the target already. */
class RestoreSafetyTest extends CliTestSupport {
    private Path outside, box, target;

    @BeforeEach
    void layout() throws Exception {
        init();
        outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("victim"), "precious");
        box = Files.createDirectories(work.resolve("box"));
        target = box.resolve("target");
    }

    private static Set<String> listing(Path dir) throws Exception {
        Set<String> out = new TreeSet<>();
        try (var w = Files.walk(dir)) {
            w.forEach(p -> out.add(dir.relativize(p) + (Files.isSymbolicLink(p) ? "@" : Files.isDirectory(p) ? "/" : "")));
        }
        return out;
    }

    private void assertOutsideUntouched() throws Exception {
        assertThat(listing(outside)).containsExactlyInAnyOrder("/", "victim");
        assertThat(outside.resolve("victim")).hasContent("precious");
        try (var l = Files.list(box)) {
            assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactly("target");
        }
    }

    @Test
    void unsafeNamesInASnapshotAreRefused() throws Exception {
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(
                    c.file("ok.txt", "fine"),
                    c.dir("..", c.file("escaped", "pwned")),
                    c.file(Fs.b("a/b"), Fs.b("slash")),
                    c.file(Fs.b("../outside-file"), Fs.b("slash up")),
                    c.dir("a", c.file("inside", "fine too"), c.file(Fs.b("."), Fs.b("dot"))),
                    c.file(new byte[0], Fs.b("empty name")),
                    c.file(Fs.b("nul\0name"), Fs.b("nul")));
        }
        Cli.Result r = fails(ExitCodes.ERROR, "restore", id, "--target", target.toString());
        assertThat(r.err()).contains("refusing unsafe name \"..\"", "refusing unsafe name \"a/b\"", "refusing unsafe name \".\"",
                "refusing unsafe name \"\"", "refusing unsafe name \"../outside-file\"", "problems during restore");
        assertThat(r.err()).doesNotContain("\tat ");
        assertThat(listing(target)).containsExactlyInAnyOrder("/", "ok.txt", "a/", "a/inside");
        assertOutsideUntouched();
        assertThat(Files.exists(work.resolve("escaped"))).isFalse();
        assertThat(Files.exists(box.resolve("escaped"))).isFalse();
    }

    @Test
    void plantedSymlinkWhereADirectoryGoesIsReplaced() throws Exception {
        Files.createDirectories(target.resolve("real"));
        Files.createSymbolicLink(target.resolve("dir"), outside);
        Files.createSymbolicLink(target.resolve("real/sub"), outside);
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(c.dir("dir", c.file("x", "in dir"), c.file("victim", "overwritten?")),
                    c.dir("real", c.dir("sub", c.file("y", "in sub"))));
        }
        ok("restore", id, "--target", target.toString());
        assertThat(listing(target)).containsExactlyInAnyOrder("/", "dir/", "dir/x", "dir/victim", "real/", "real/sub/", "real/sub/y");
        assertThat(target.resolve("dir/victim")).hasContent("overwritten?");
        assertOutsideUntouched();
    }

    @Test
    void plantedSymlinkWhereAFileOrLinkGoesIsReplaced() throws Exception {
        Files.createDirectories(target);
        Files.createSymbolicLink(target.resolve("file"), outside.resolve("victim"));
        Files.createSymbolicLink(target.resolve("link"), outside.resolve("victim"));
        Files.createSymbolicLink(target.resolve("hard"), outside.resolve("victim"));
        Posix.mknod(Fs.b(target.resolve("fifo")), dev.holdfast.posix.Stat.S_IFIFO | 0644, 0);
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(c.file("file", "restored content"), c.symlink("link", "elsewhere"),
                    c.linkedFile(Fs.b("first"), Fs.b("linked"), 77, 2), c.linkedFile(Fs.b("hard"), Fs.b("linked"), 77, 2),
                    c.file("fifo", "now a file"));
        }
        ok("restore", id, "--target", target.toString());
        assertThat(target.resolve("file")).isRegularFile().hasContent("restored content");
        assertThat(Files.readSymbolicLink(target.resolve("link")).toString()).isEqualTo("elsewhere");
        assertThat(target.resolve("hard")).isRegularFile().hasContent("linked");
        assertThat(Posix.lstat(Fs.b(target.resolve("hard"))).ino()).isEqualTo(Posix.lstat(Fs.b(target.resolve("first"))).ino());
        assertThat(target.resolve("fifo")).isRegularFile().hasContent("now a file");
        assertOutsideUntouched();
    }

    @Test
    void aSymlinkFromOneSnapshotDoesNotRedirectTheNextRestore() throws Exception {
        // Two honest backups of the same path: first "evil" is a symlink out, later a directory.
        Path src = Files.createDirectories(work.resolve("src"));
        Files.createSymbolicLink(src.resolve("evil"), outside);
        ok("backup", src.toString());
        Files.delete(src.resolve("evil"));
        Files.createDirectories(src.resolve("evil"));
        Files.writeString(src.resolve("evil/x"), "x");
        Files.writeString(src.resolve("evil/victim"), "not precious");
        ok("backup", src.toString());
        String first = snapshots().getFirst().path("id").asText();
        ok("restore", first + ":" + src, "--target", target.toString());
        assertThat(Files.isSymbolicLink(target.resolve("evil"))).isTrue();
        ok("restore", "latest:" + src, "--target", target.toString());
        assertThat(Files.isSymbolicLink(target.resolve("evil"))).isFalse();
        assertThat(target.resolve("evil/x")).hasContent("x");
        assertOutsideUntouched();
        // The same with --include, which creates the directories above included paths.
        Path t2 = box.resolve("t2");
        ok("restore", first + ":" + src, "--target", t2.toString());
        ok("restore", "latest:" + src, "--target", t2.toString(), "--include", src + "/evil/x");
        assertThat(t2.resolve("evil/x")).hasContent("x");
        assertThat(Files.isSymbolicLink(t2.resolve("evil"))).isFalse();
        assertThat(listing(outside)).containsExactlyInAnyOrder("/", "victim");
        assertThat(outside.resolve("victim")).hasContent("precious");
    }

    @Test
    void hardLinkNodesCannotLinkToFilesOutside() throws Exception {
        // A crafted snapshot whose "hard link" group spans a name that is refused and one that is not.
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(c.linkedFile(Fs.b(".."), Fs.b("x"), 5, 2), c.linkedFile(Fs.b("b"), Fs.b("x"), 5, 2));
        }
        fails(ExitCodes.ERROR, "restore", id, "--target", target.toString());
        assertThat(target.resolve("b")).hasContent("x");
        assertOutsideUntouched();
    }

    @Test
    void aNonEmptyDirectoryWhereAFileGoesIsReportedNotDeleted() throws Exception {
        Files.createDirectories(target.resolve("a"));
        Files.writeString(target.resolve("a/user-data"), "keep me");
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(c.file("a", "a file now"), c.file("b", "b"));
        }
        Cli.Result r = fails(ExitCodes.ERROR, "restore", id, "--target", target.toString());
        assertThat(r.err()).contains(target.resolve("a").toString());
        assertThat(target.resolve("a/user-data")).hasContent("keep me");
        assertThat(target.resolve("b")).hasContent("b");
    }

    @Test
    void restoringOverAnExistingTreeReplacesFilesAndKeepsOthers() throws Exception {
        byte[] src = Fs.mkdir(Fs.b(work.resolve("src")));
        Fs.write(child(src, "a"), "new a");
        ok("backup", Fs.s(src));
        Files.createDirectories(target);
        Files.writeString(target.resolve("a"), "old a, longer than the new content");
        Files.writeString(target.resolve("unrelated"), "kept");
        ok("restore", "latest:" + Fs.s(src), "--target", target.toString());
        assertThat(target.resolve("a")).hasContent("new a");
        assertThat(target.resolve("unrelated")).hasContent("kept");
    }

    /** A directory the restore cannot create (its parent is immutable) is named, and everything else is still restored. */
    @Test
    void aDirectoryThatCannotBeCreatedIsNamedAndTheRestGoesOn() throws Exception {
        String id;
        try (CraftedSnapshots c = new CraftedSnapshots(work.resolve("repo"), "test-password")) {
            id = c.snapshot(c.dir("locked", c.dir("sub", c.file("lost", "x"))), c.file("after.txt", "still restored"), c.dir("z", c.file("late", "too")));
        }
        Path locked = Files.createDirectories(target.resolve("locked"));
        Process p = new ProcessBuilder("chattr", "+i", locked.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "chattr +i works here");
        try {
            Cli.Result r = fails(ExitCodes.ERROR, "restore", id, "--target", target.toString());
            assertThat(r.err()).contains(locked.resolve("sub") + ": ").contains("nothing in it was restored").doesNotContain("\tat ");
            assertThat(target.resolve("after.txt")).hasContent("still restored");
            assertThat(target.resolve("z/late")).hasContent("too");
        } finally {
            new ProcessBuilder("chattr", "-i", locked.toString()).start().waitFor();
        }
    }
}
