package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.Stat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backs up real trees with the CLI, restores them and compares the copy with the source, byte for
 * byte and metadata for metadata ({@link TreeDiff}).
 */
class FidelityTest extends CliTestSupport {
    private static final long MIB = 1024 * 1024;

    private byte[] src() throws Exception {
        return mkdir(Fs.b(work.resolve("src")));
    }

    /** Stamps times, backs src up, restores everything into work/out and returns the restored src. */
    private byte[] roundTrip(byte[] src) throws Exception {
        stampTimes(src, 1_600_000_000L);
        init();
        backup(Fs.s(src));
        Path out = work.resolve("out");
        ok("restore", "latest", "--target", out.toString());
        byte[] restored = under(out, src);
        TreeDiff.assertSameTree(src, restored);
        return restored;
    }

    @Test
    void regularFilesDirectoriesAndModes() throws Exception {
        byte[] src = src();
        write(child(src, "empty"), new byte[0]);
        write(child(src, "small.txt"), "hello, world\n");
        write(child(src, "big.bin"), Fs.random(1, (int) (12 * MIB + 12345)));
        byte[] d = mkdir(child(mkdir(child(mkdir(child(src, "a")), "b")), "c"));
        write(child(d, "deep.txt"), "deep");
        mkdir(child(src, "empty-dir"));
        boolean root = Posix.geteuid() == 0;
        int[] modes = root ? new int[] {0600, 0640, 0000, 0755, 04755, 02755, 06711, 01644, 0444}
                : new int[] {0600, 0640, 0755, 04755, 02755, 01644, 0444}; // others cannot read 0000 or set setgid freely
        byte[] m = mkdir(child(src, "modes"));
        for (int mode : modes) {
            byte[] f = write(child(m, String.format("f%04o", mode)), "mode " + mode);
            Posix.chmod(f, mode);
        }
        for (int mode : root ? new int[] {01777, 0700, 0555, 02775, 0311} : new int[] {01777, 0700, 0555}) {
            byte[] dd = mkdir(child(m, String.format("d%04o", mode)));
            write(child(dd, "inside"), "x");
            Posix.chmod(dd, mode);
        }
        byte[] restored = roundTrip(src);
        assertThat(Posix.lstat(child(child(restored, "modes"), "f4755")).permissions()).isEqualTo(04755);
        assertThat(Posix.lstat(child(child(restored, "modes"), "d1777")).permissions()).isEqualTo(01777);
        JsonNode stats = json(ok("stats", "--json").out());
        assertThat(stats.path("data_blobs").asLong()).as("the 12 MiB file is cut into several chunks").isGreaterThanOrEqualTo(4);
        ok("check", "--read-data");
    }

    @Test
    void symlinksRelativeAbsoluteAndDangling() throws Exception {
        byte[] src = src();
        write(child(src, "target.txt"), "t");
        byte[] l = mkdir(child(src, "links"));
        Posix.symlink(Fs.b("../target.txt"), child(l, "relative"));
        Posix.symlink(Fs.b("/etc/passwd"), child(l, "absolute"));
        Posix.symlink(Fs.b("no/such/file"), child(l, "dangling"));
        Posix.symlink(Fs.b(".."), child(l, "to-parent-dir"));
        Posix.symlink(Fs.b("/" + "x".repeat(300) + "/\u00e9\n"), child(l, "long-odd-target"));
        byte[] restored = roundTrip(src);
        assertThat(Posix.readlink(child(child(restored, "links"), "relative"))).isEqualTo(Fs.b("../target.txt"));
        assertThat(Posix.lstat(child(child(restored, "links"), "dangling")).isSymlink()).isTrue();
    }

    @Test
    void hardLinksAreRestoredAsLinks() throws Exception {
        byte[] src = src();
        byte[] one = write(child(src, "one"), Fs.random(2, 5000));
        Posix.link(one, child(src, "one-again"));
        byte[] other = mkdir(child(src, "other"));
        byte[] two = write(child(src, "two"), "second inode");
        Posix.link(two, child(other, "two-elsewhere"));
        write(child(src, "single"), "not linked");
        byte[] restored = roundTrip(src);
        Stat a = Posix.lstat(child(restored, "one")), b = Posix.lstat(child(restored, "one-again"));
        assertThat(b.ino()).isEqualTo(a.ino());
        assertThat(a.nlink()).isEqualTo(2);
        Stat c = Posix.lstat(child(restored, "two")), e = Posix.lstat(child(child(restored, "other"), "two-elsewhere"));
        assertThat(e.ino()).isEqualTo(c.ino()).isNotEqualTo(a.ino());
        assertThat(e.nlink()).isEqualTo(2);
    }

    @Test
    void hardLinksRestoredWhenOnlyTheSecondNameIsIncluded() throws Exception {
        byte[] src = src();
        byte[] x = mkdir(child(src, "x")), y = mkdir(child(src, "y"));
        byte[] one = write(child(x, "one"), "linked content");
        Posix.link(one, child(y, "one"));
        stampTimes(src, 1_650_000_000L);
        init();
        backup(Fs.s(src));
        Path out = work.resolve("out");
        ok("restore", "latest:" + Fs.s(src), "--target", out.toString(), "--include", Fs.s(src) + "/y");
        assertThat(Fs.read(child(child(Fs.b(out), "y"), "one"))).isEqualTo(Fs.b("linked content"));
        assertThat(Fs.exists(child(Fs.b(out), "x"))).isFalse();
    }

    @Test
    void sparseFilesKeepTheirHoles() throws Exception {
        byte[] src = src();
        long size = 100 * MIB;
        byte[] f = Fs.sparse(child(src, "sparse.img"), size, 3, 0, 40 * MIB, size - 4096);
        Fs.sparse(child(src, "all-hole"), 10 * MIB, 4);
        Fs.sparse(child(src, "trailing-hole"), 50 * MIB, 5, 0, 8192);
        assumeTrue(Posix.lstat(f).isSparse(), "the file system does not make sparse files");
        stampTimes(src, 1_600_000_000L);
        init();
        JsonNode summary = backup(Fs.s(src));
        assertThat(summary.path("bytes_read").asLong()).as("only the data blocks are read").isLessThan(MIB);
        Path out = work.resolve("out");
        ok("restore", "latest", "--target", out.toString());
        byte[] restored = under(out, src);
        TreeDiff.assertSameTree(src, restored);
        Stat st = Posix.lstat(child(restored, "sparse.img"));
        assertThat(st.size()).isEqualTo(size);
        assertThat(st.blocks() * 512).as("allocated bytes").isLessThan(MIB);
        assertThat(Posix.lstat(child(restored, "all-hole")).blocks()).isLessThanOrEqualTo(8);
        assertThat(Posix.lstat(child(restored, "trailing-hole")).blocks() * 512).isLessThan(MIB);
    }

    @Test
    void fifosSocketsAndDeviceNodes() throws Exception {
        byte[] src = src();
        Posix.mknod(child(src, "fifo"), Stat.S_IFIFO | 0640, 0);
        Posix.mknod(child(src, "socket"), Stat.S_IFSOCK | 0755, 0);
        if (Posix.geteuid() == 0) {
            Posix.mknod(child(src, "chr"), Stat.S_IFCHR | 0620, Posix.makedev(1, 3));
            Posix.mknod(child(src, "blk"), Stat.S_IFBLK | 0660, Posix.makedev(7, 200));
            Posix.mknod(child(src, "big-numbers"), Stat.S_IFCHR | 0600, Posix.makedev(4095, 1048575));
        }
        byte[] restored = roundTrip(src);
        assertThat(Posix.lstat(child(restored, "fifo")).type()).isEqualTo(Stat.S_IFIFO);
        if (Posix.geteuid() == 0) {
            Stat c = Posix.lstat(child(restored, "chr"));
            assertThat(c.type()).isEqualTo(Stat.S_IFCHR);
            assertThat(Posix.major(c.rdev())).isEqualTo(1);
            assertThat(Posix.minor(c.rdev())).isEqualTo(3);
            Stat b = Posix.lstat(child(restored, "blk"));
            assertThat(b.type()).isEqualTo(Stat.S_IFBLK);
            assertThat(b.rdev()).isEqualTo(Posix.makedev(7, 200));
        }
    }

    @Test
    void ownersAsRoot() throws Exception {
        assumeTrue(Posix.geteuid() == 0, "needs root to chown");
        byte[] src = src();
        byte[] f = write(child(src, "owned"), "mine");
        Posix.lchown(f, 1234, 5678);
        byte[] s = write(child(src, "setuid-owned"), "suid");
        Posix.lchown(s, 1234, 5678);
        Posix.chmod(s, 06750);
        byte[] d = mkdir(child(src, "owned-dir"));
        write(child(d, "root-file"), "r");
        Posix.lchown(d, 4321, 8765);
        Posix.chmod(d, 0750);
        byte[] l = child(src, "owned-link");
        Posix.symlink(Fs.b("owned"), l);
        Posix.lchown(l, 1234, 5678);
        byte[] restored = roundTrip(src);
        Stat r = Posix.lstat(child(restored, "setuid-owned"));
        assertThat(r.uid()).isEqualTo(1234);
        assertThat(r.gid()).isEqualTo(5678);
        assertThat(r.permissions()).isEqualTo(06750);
        assertThat(Posix.lstat(child(restored, "owned-link")).uid()).isEqualTo(1234);
        JsonNode entry = json(ok("ls", "latest", Fs.s(child(src, "owned")), "--json").out());
        assertThat(entry.path("uid").asInt()).isEqualTo(1234);
        assertThat(entry.path("gid").asInt()).isEqualTo(5678);
    }

    @Test
    void timesWithNanoseconds() throws Exception {
        byte[] src = src();
        byte[] f = write(child(src, "f"), "x");
        byte[] d = mkdir(child(src, "d"));
        byte[] g = write(child(d, "g"), "y");
        Posix.symlink(Fs.b("f"), child(src, "l"));
        stampTimes(src, 1_000_000_000L);
        Posix.utimens(f, 1_234_567_890_123_456_789L, 987_654_321_000_000_001L);
        Posix.utimens(g, -1_000_000_000L + 5, 4_102_444_800_999_999_999L); // before 1970, after 2099
        init();
        backup(Fs.s(src));
        Path out = work.resolve("out");
        ok("restore", "latest", "--target", out.toString());
        byte[] restored = under(out, src);
        TreeDiff.assertSameTree(src, restored);
        Stat r = Posix.lstat(child(restored, "f"));
        assertThat(r.mtimeNs()).isEqualTo(987_654_321_000_000_001L);
        assertThat(r.atimeNs()).isEqualTo(1_234_567_890_123_456_789L);
        assertThat(Posix.lstat(child(child(restored, "d"), "g")).mtimeNs()).isEqualTo(4_102_444_800_999_999_999L);
        assertThat(Posix.lstat(child(restored, "d")).mtimeNs()).isEqualTo(Posix.lstat(d).mtimeNs());
    }

    @Test
    void extendedAttributes() throws Exception {
        byte[] src = src();
        byte[] f = write(child(src, "f"), "content");
        Posix.setXattr(f, Fs.b("user.comment"), Fs.b("a comment"));
        Posix.setXattr(f, Fs.b("user.binary"), new byte[] {0, 1, (byte) 0xff, 0, '\n'});
        Posix.setXattr(f, Fs.b("user.empty"), new byte[0]);
        Posix.setXattr(f, Fs.b("user.big"), Fs.random(5, 3000));
        byte[] d = mkdir(child(src, "d"));
        Posix.setXattr(d, Fs.b("user.dir"), Fs.b("on a directory"));
        write(child(d, "plain"), "no xattrs");
        byte[] restored = roundTrip(src);
        assertThat(Posix.getXattr(child(restored, "f"), Fs.b("user.binary"))).isEqualTo(new byte[] {0, 1, (byte) 0xff, 0, '\n'});
        assertThat(Posix.getXattr(child(restored, "d"), Fs.b("user.dir"))).isEqualTo(Fs.b("on a directory"));
    }

    @Test
    void posixAcls() throws Exception {
        assumeTrue(Fs.onPath("setfacl"), "setfacl is not installed");
        byte[] src = src();
        byte[] f = write(child(src, "acl-file"), "acl");
        Fs.sh("setfacl", "-m", "u:1234:rw,g:5678:r", Fs.s(f));
        byte[] d = mkdir(child(src, "acl-dir"));
        Fs.sh("setfacl", "-m", "u:1234:rwx", "-d", "-m", "u:1234:rx,g::r", Fs.s(d));
        write(child(d, "inherits"), "inherited acl");
        mkdir(child(d, "subdir-inherits"));
        assumeTrue(Posix.getXattr(f, Fs.b("system.posix_acl_access")) != null, "the file system has no ACLs");
        byte[] restored = roundTrip(src);
        assertThat(Posix.getXattr(child(restored, "acl-file"), Fs.b("system.posix_acl_access"))).isNotNull();
        assertThat(Posix.getXattr(child(restored, "acl-dir"), Fs.b("system.posix_acl_default"))).isNotNull();
    }

    @Test
    void oddFileNames() throws Exception {
        byte[] src = src();
        List<byte[]> names = List.of(
                new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '.', 't', 'x', 't'},
                new byte[] {(byte) 0xc3, '(', 'x'},
                Fs.b("line\nbreak"),
                Fs.b("  spaces  around  "),
                Fs.b("n".repeat(255)),
                Fs.b("\u65e5\u672c\u8a9e \u00f1 \u00e9 \ud83d\ude00"),
                Fs.b("glob*?[ab]{c}"),
                Fs.b("back\\slash"),
                Fs.b("-starts-with-dash"),
                Fs.b(".hidden"),
                Fs.b("..."),
                Fs.b("tab\there"),
                Fs.b("colon:name"),
                new byte[] {1, 2, 0x7f});
        for (byte[] n : names) write(child(src, n), n);
        byte[] dir = mkdir(child(src, new byte[] {'d', (byte) 0x80, '\n'}));
        write(child(dir, Fs.b("\u00fc")), "umlaut");
        Posix.symlink(new byte[] {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '.', 't', 'x', 't'}, child(dir, "link-to-bad-name"));
        byte[] restored = roundTrip(src);
        for (byte[] n : names) assertThat(Fs.read(child(restored, n))).as(Posix.render(n)).isEqualTo(n);
        List<String> listed = jsonLines(ok("ls", "latest", Fs.s(src), "--json").out()).stream().map(j -> j.path("path").asText()).toList();
        assertThat(listed).contains(Fs.s(src) + "/bad\\xff\\xfe.txt", Fs.s(src) + "/line\\x0abreak", Fs.s(src) + "/" + "n".repeat(255));
    }

    @Test
    void severalSourcesASingleFileASymlinkAndRelativePaths() throws Exception {
        byte[] w = Fs.b(work);
        byte[] one = mkdir(child(w, "one")), two = mkdir(child(w, "two"));
        write(child(one, "a"), "in one");
        write(child(mkdir(child(two, "deep")), "b"), "in two");
        byte[] lonely = write(child(w, "lonely.txt"), "a single file");
        Posix.symlink(Fs.b("one"), child(w, "link-to-one"));
        write(child(w, "not-backed-up"), "x");
        for (byte[] p : List.of(one, two, lonely, child(w, "link-to-one"))) stampTimes(p, 1_600_000_000L);
        init();
        JsonNode summary = backup("two/", "./one", "lonely.txt", "link-to-one", Fs.s(one) + "/../one");
        assertThat(summary.path("files_new").asLong()).isEqualTo(3);
        JsonNode snap = snapshots().getFirst();
        assertThat(snap.path("paths").toString()).isEqualTo(JSON.writeValueAsString(
                List.of(Fs.s(w) + "/link-to-one", Fs.s(w) + "/lonely.txt", Fs.s(w) + "/one", Fs.s(w) + "/two")));
        Path out = work.resolve("out");
        ok("restore", "latest", "--target", out.toString());
        byte[] rw = under(out, w);
        assertThat(Posix.listDir(rw)).extracting(Fs::s).containsExactlyInAnyOrder("one", "two", "lonely.txt", "link-to-one");
        for (String n : List.of("one", "two", "lonely.txt", "link-to-one")) TreeDiff.assertSameTree(child(w, n), child(rw, n));
        assertThat(Posix.lstat(child(rw, "link-to-one")).isSymlink()).isTrue();
    }

    @Test
    void pathsLongerThanPathMax() throws Exception {
        assumeTrue(Fs.onPath("bash"), "bash makes the deep tree");
        byte[] src = src();
        String chain = "n=$(printf 'd%.0s' $(seq 250)) && for i in $(seq 20); do cd $n || exit 1; done";
        try {
            Fs.sh("bash", "-c", "cd '" + Fs.s(src) + "' && n=$(printf 'd%.0s' $(seq 250)) && for i in $(seq 20); do mkdir $n && cd $n || exit 1; done && echo deep > file");
            init();
            JsonNode summary = backup(Fs.s(src));
            assertThat(summary.path("files_new").asLong()).isEqualTo(1);
            Path out = work.resolve("out");
            ok("restore", "latest", "--target", out.toString());
            Process p = new ProcessBuilder("bash", "-c", "cd '" + Fs.s(under(out, src)) + "' && " + chain + " && cat file").start();
            assertThat(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("deep\n");
            assertThat(p.waitFor()).isZero();
        } finally {
            Fs.sh("rm", "-rf", Fs.s(src), work.resolve("out").toString());
        }
    }

    @Test
    void treeDiffSeesEveryKindOfDifference() throws Exception {
        byte[] a = mkdir(Fs.b(work.resolve("a"))), b = mkdir(Fs.b(work.resolve("b")));
        for (byte[] root : List.of(a, b)) {
            write(child(root, "content"), root == a ? "aaaa" : "aaab");
            write(child(root, "mode"), "m");
            write(child(root, "x"), "x");
            Posix.symlink(Fs.b(root == a ? "t1" : "t2"), child(root, "link"));
            write(child(root, "h1"), "h");
        }
        Posix.link(child(a, "h1"), child(a, "h2"));
        write(child(b, "h2"), "h");
        Posix.chmod(child(b, "mode"), 0600);
        Posix.setXattr(child(b, "x"), Fs.b("user.x"), Fs.b("1"));
        write(child(a, "only-in-a"), "");
        write(child(b, "only-in-b"), "");
        List<String> d = TreeDiff.diffContents(a, b);
        assertThat(String.join("\n", d)).contains("content: content differs at byte 3", "mode: mode 0600", "x: xattrs",
                "link: link target t2", "only-in-a: missing", "only-in-b: unexpected extra entry", "h1: nlink 1, expected 2",
                "hard links [h1, h2] are not one inode");
        assertThat(TreeDiff.diffContents(a, a)).isEmpty();
        assertThat(Arrays.asList(TreeDiff.diff(a, a).toArray())).isEmpty();
    }
}
