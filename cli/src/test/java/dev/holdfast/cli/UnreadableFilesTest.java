package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.holdfast.engine.backup.Backup;
import dev.holdfast.engine.backup.BackupOptions;
import dev.holdfast.engine.backup.BackupProgress;
import dev.holdfast.engine.backup.BackupResult;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.posix.Errno;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.Stat;
import dev.holdfast.repo.Repository;
import dev.holdfast.storage.LocalStorage;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Files that cannot be read, vanish or change during a backup: the backup goes on, names each
 * problem, keeps everything else, and the CLI exits 3. Faults are injected through a
 * {@link FaultySourceFs} driving the engine's {@link Backup} directly (as root permissions do not
 * stop reads); one test runs the real CLI as an unprivileged user on a mode-000 file.
 */
class UnreadableFilesTest extends CliTestSupport {
    private static final int MIB = 1024 * 1024;
    private byte[] src, sub;
    private String s;
    private final FaultySourceFs fs = new FaultySourceFs();

    @BeforeEach
    void tree() throws Exception {
        init();
        src = mkdir(Fs.b(work.resolve("src")));
        s = Fs.s(src);
        write(child(src, "good1"), "one");
        write(child(src, "big"), Fs.random(1, 3 * MIB));
        sub = mkdir(child(src, "sub"));
        write(child(sub, "bad"), Fs.random(2, 100_000));
        write(child(sub, "good3"), "three");
    }

    private BackupResult backup() throws Exception {
        try (Repository repo = Repository.open(new LocalStorage(work.resolve("repo")), Fs.b("test-password"), null)) {
            BackupOptions o = new BackupOptions(List.of(s), "/", "testhost", "tester", List.of(), PathFilter.ALL, false,
                    Instant.parse("2024-01-01T00:00:00Z"), -1, 4);
            return new Backup(repo, o, fs, new BackupProgress()).run();
        }
    }

    /** Restores src from the snapshot into a fresh directory and returns it. */
    private byte[] restore(BackupResult r) {
        Path out = work.resolve("out-" + r.snapshot().shortId());
        ok("restore", r.snapshot().id() + ":" + s, "--target", out.toString());
        return Fs.b(out);
    }

    private static Set<String> names(byte[] dir) throws Exception {
        Set<String> out = new TreeSet<>();
        for (byte[] n : Posix.listDir(dir)) out.add(Fs.s(n));
        return out;
    }

    @Test
    void anUnreadableFileIsNamedAndEverythingElseIsSaved() throws Exception {
        fs.open.put(Fs.s(child(sub, "bad")), FaultySourceFs.fails("open", Errno.EACCES, "EACCES (Permission denied)"));
        BackupResult r = backup();
        assertThat(r.complete()).isFalse();
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().getFirst()).contains(s + "/sub/bad", "EACCES");
        assertThat(r.snapshot().snapshot().summary().errors()).isEqualTo(1);
        byte[] out = restore(r);
        assertThat(TreeDiff.diffContents(src, out)).containsExactly("sub/bad: missing");
        assertThat(ok("ls", "latest", s).out()).contains(s + "/sub/good3").doesNotContain(s + "/sub/bad");
    }

    @Test
    void aReadErrorInTheMiddleOfAFileLeavesOnlyThatFileOut() throws Exception {
        fs.read.put(Fs.s(child(src, "big")), (p, pos) -> {
            if (pos >= MIB) throw FaultySourceFs.error("read", Errno.EIO, "EIO (Input/output error)", p);
        });
        BackupResult r = backup();
        assertThat(r.errors()).singleElement().asString().contains(s + "/big", "EIO");
        assertThat(TreeDiff.diffContents(src, restore(r))).containsExactly("big: missing");
    }

    @Test
    void anUnlistableDirectoryIsKeptEmptyAndNamed() throws Exception {
        fs.listDir.put(Fs.s(sub), FaultySourceFs.fails("open", Errno.EACCES, "EACCES (Permission denied)"));
        BackupResult r = backup();
        assertThat(r.errors()).singleElement().asString().contains(s + "/sub", "EACCES");
        assertThat(TreeDiff.diffContents(src, restore(r))).containsExactlyInAnyOrder("sub/bad: missing", "sub/good3: missing");
    }

    @Test
    void aFileDeletedAfterListingIsReportedAsVanished() throws Exception {
        fs.lstat.put(Fs.s(child(sub, "bad")), Posix::unlink);
        fs.open.put(Fs.s(child(src, "good1")), Posix::unlink);
        BackupResult r = backup();
        assertThat(r.errors()).containsExactlyInAnyOrder(s + "/sub/bad: vanished during the backup", s + "/good1: vanished during the backup");
        byte[] out = restore(r);
        assertThat(names(out)).containsExactlyInAnyOrder("big", "sub");
        assertThat(names(child(out, "sub"))).containsExactly("good3");
    }

    @Test
    void aFileReplacedByADirectoryOrSymlinkBeforeOpenIsNotFollowed() throws Exception {
        fs.open.put(Fs.s(child(sub, "bad")), p -> {
            Posix.unlink(p);
            Posix.mkdir(p, 0755);
        });
        fs.open.put(Fs.s(child(src, "good1")), p -> {
            Posix.unlink(p);
            Posix.symlink(Fs.b(work.resolve("secret")), p);
        });
        Files.writeString(work.resolve("secret"), "must not be read");
        BackupResult r = backup();
        assertThat(r.errors()).hasSize(2);
        assertThat(String.join("\n", r.errors())).contains(s + "/sub/bad: replaced by a non-regular file", s + "/good1: ");
        byte[] out = restore(r);
        assertThat(names(out)).containsExactlyInAnyOrder("big", "sub");
    }

    @Test
    void aFileReplacedByAFifoBeforeOpenDoesNotHangTheBackup() throws Exception {
        byte[] bad = child(sub, "bad");
        fs.open.put(Fs.s(bad), p -> {
            Posix.unlink(p);
            Posix.mknod(p, Stat.S_IFIFO | 0644, 0);
        });
        try {
            BackupResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), (org.junit.jupiter.api.function.ThrowingSupplier<BackupResult>) this::backup,
                    "backup blocked opening a FIFO that replaced a regular file");
            assertThat(r.errors()).singleElement().asString().contains(s + "/sub/bad");
        } finally {
            // Unblock a reader stuck in open(2), if any, so no thread stays behind. WRITE without
            // CREATE: once the test directory is being deleted this must not make a file again.
            Thread.ofPlatform().daemon().start(() -> {
                try (var w = Files.newOutputStream(Path.of(Fs.s(bad)), java.nio.file.StandardOpenOption.WRITE)) {
                    w.flush();
                } catch (java.io.IOException e) {
                    // nothing was waiting
                }
            });
        }
    }

    @Test
    void filesChangingWhileReadAreKeptWithAWarning() throws Exception {
        byte[] big = child(src, "big");
        byte[] good = child(sub, "good3");
        fs.read.put(Fs.s(big), (p, pos) -> {
            if (pos > 0) return;
            try (RandomAccessFile f = new RandomAccessFile(Fs.s(p), "rw")) {
                f.setLength(1000);
            }
        });
        fs.read.put(Fs.s(good), (p, pos) -> {
            if (pos > 0) return;
            try (RandomAccessFile f = new RandomAccessFile(Fs.s(p), "rw")) {
                f.seek(f.length());
                f.write(Fs.b(" and more"));
            }
        });
        BackupResult r = backup();
        assertThat(r.complete()).isTrue();
        assertThat(r.warnings()).containsExactlyInAnyOrder(s + "/big: changed while being read; the snapshot holds what was read",
                s + "/sub/good3: changed while being read; the snapshot holds what was read");
        byte[] out = restore(r);
        assertThat(Fs.read(child(out, "big"))).isEqualTo(Fs.read(big)).hasSize(1000);
        assertThat(Fs.read(child(child(out, "sub"), "good3"))).isEqualTo(Fs.b("three"));
    }

    @Test
    void unreadableExtendedAttributesAreAWarning() throws Exception {
        fs.xattrs.put(Fs.s(child(src, "good1")), FaultySourceFs.fails("llistxattr", Errno.EIO, "EIO (Input/output error)"));
        BackupResult r = backup();
        assertThat(r.complete()).isTrue();
        assertThat(r.warnings()).singleElement().asString().contains(s + "/good1", "EIO");
        assertThat(TreeDiff.diffContents(src, restore(r))).isEmpty();
    }

    /** The real CLI, run as an unprivileged user, on a tree with a mode-000 file and directory: exit 3. */
    @Test
    void theCliExits3WhenFilesCannotBeRead() throws Exception {
        Posix.chmod(child(sub, "bad"), 0);
        byte[] locked = mkdir(child(src, "locked"));
        write(child(locked, "hidden"), "h");
        Posix.chmod(locked, 0);
        List<String> wrapper = List.of();
        String cp = Cli.classPath();
        Path repo = work.resolve("repo2");
        if (Posix.geteuid() == 0) {
            assumeTrue(Fs.onPath("setpriv"), "setpriv is needed to drop root privileges");
            wrapper = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
            cp = readableClassPath(work.resolve("cp"));
            Posix.chmod(Fs.b(work), 0755);
            for (String d : List.of("repo2", "cache", "home")) {
                Path p = Files.createDirectories(work.resolve(d));
                Posix.lchown(Fs.b(p), 65534, 65534);
            }
        }
        cli.set("HOLDFAST_REPOSITORY", repo.toString());
        Cli.Result init = Cli.await(cli.spawnWith(wrapper, cp, "init"));
        assertThat(init.exit()).as(init.toString()).isZero();
        Cli.Result r = Cli.await(cli.spawnWith(wrapper, cp, "backup", s));
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(r.err()).as(r.toString()).contains("error: " + s + "/sub/bad", "error: " + s + "/locked", "EACCES").doesNotContain("\tat ");
        assertThat(r.out()).contains("files could not be read");
        assertThat(ok("ls", "latest", s).out().lines().toList()).contains(s + "/good1", s + "/big", s + "/sub/good3", s + "/locked")
                .doesNotContain(s + "/sub/bad", s + "/locked/hidden");
    }

    /** Hard links (or copies) of the test class path in a directory other users can read. */
    private static String readableClassPath(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : Cli.classPath().split(":")) {
            if (entry.isEmpty()) continue;
            Path from = Path.of(entry);
            if (!Files.exists(from)) continue;
            Path to = dir.resolve(i++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (var w = Files.walk(from)) {
                    for (Path p : w.toList()) {
                        Path t = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(t);
                        else link(p, t);
                    }
                }
            } else {
                Files.createDirectories(dir);
                link(from, to);
            }
            out.add(to.toString());
        }
        try (var w = Files.walk(dir)) {
            for (Path p : w.toList()) if (Files.isDirectory(p)) Posix.chmod(Fs.b(p), 0755);
        }
        return String.join(":", out);
    }

    /** A hard link when the file is readable by all (its mode is shared, so it is never changed), else a copy. */
    private static void link(Path from, Path to) throws Exception {
        if ((Posix.lstat(Fs.b(from)).permissions() & 0004) != 0) {
            try {
                Files.createLink(to, from);
                return;
            } catch (Exception e) {
                // another file system: copy
            }
        }
        Files.copy(from, to);
        Posix.chmod(Fs.b(to), 0644);
    }
}
