package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holdfast.engine.filter.Glob;
import dev.holdfast.posix.Posix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** --exclude and --include patterns on names that are not ASCII, and patterns that could backtrack forever. */
class FilterTest extends CliTestSupport {
    private static final byte[] INVALID = {(byte) 0xff, '.', 't', 'm', 'p'};

    private Set<String> restoredNames(Path dir) throws Exception {
        Set<String> out = new TreeSet<>();
        for (byte[] n : Posix.listDir(Fs.b(dir))) out.add(Posix.render(n));
        return out;
    }

    @Test
    void questionMarkAndClassesMatchWholeCharacters() throws Exception {
        byte[] src = mkdir(Fs.b(work.resolve("src")));
        for (String n : List.of("a.tmp", "\u00e9.tmp", "\u65e5.tmp", "\ud83d\ude00.tmp", "ab.tmp", "a.txt", "\u00e9.txt", "\u00fc.txt", "z.txt")) {
            write(child(src, n), n);
        }
        write(child(src, INVALID), "invalid");
        init();
        backup("--exclude", "?.tmp", Fs.s(src));
        Path all = work.resolve("all");
        ok("restore", "latest:" + Fs.s(src), "--target", all.toString());
        assertThat(restoredNames(all)).containsExactlyInAnyOrder("ab.tmp", "a.txt", "\u00e9.txt", "\u00fc.txt", "z.txt");

        Path some = work.resolve("some");
        ok("restore", "latest:" + Fs.s(src), "--target", some.toString(), "--include", "[\u00e9a].txt");
        assertThat(restoredNames(some)).containsExactlyInAnyOrder("a.txt", "\u00e9.txt");
        Path range = work.resolve("range");
        ok("restore", "latest:" + Fs.s(src), "--target", range.toString(), "--include", "[\u00e0-\u00ff].txt");
        assertThat(restoredNames(range)).containsExactlyInAnyOrder("\u00e9.txt", "\u00fc.txt");
        Path negated = work.resolve("negated");
        ok("restore", "latest:" + Fs.s(src), "--target", negated.toString(), "--include", "[!\u00e9a].txt");
        assertThat(restoredNames(negated)).containsExactlyInAnyOrder("\u00fc.txt", "z.txt");
    }

    @Test
    void manyStarsDoNotBacktrackForever() throws Exception {
        Glob g = new Glob("*a".repeat(12) + "*b");
        byte[] path = Fs.b("/x/" + "a".repeat(250));
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> g.matches(path));
        assertThat(matched).isFalse();
        assertThat(new Glob("*a".repeat(12) + "*b").matches(Fs.b("/x/" + "a".repeat(250) + "b"))).isTrue();
        assertThat(new Glob("/x/**/" + "*a".repeat(8) + "*/z").matches(Fs.b("/x/" + "a/".repeat(40) + "a".repeat(30) + "/y"))).isFalse();

        byte[] src = mkdir(Fs.b(work.resolve("src")));
        write(child(src, "a".repeat(200)), "long name");
        write(child(src, "keep"), "k");
        init();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> backup("--exclude", "*a".repeat(12) + "*b", "--exclude", "*a*a*a*a*", Fs.s(src)));
        Path out = work.resolve("out");
        ok("restore", "latest:" + Fs.s(src), "--target", out.toString());
        assertThat(restoredNames(out)).containsExactly("keep");
    }

    @Test
    void globBasics() {
        assertThat(new Glob("*.txt").matches(Fs.b("/a/b.txt"))).isTrue();
        assertThat(new Glob("*.txt").matches(Fs.b("/a.txt/b"))).isFalse();
        assertThat(new Glob("/a/*").matches(Fs.b("/a/b/c"))).isFalse();
        assertThat(new Glob("/a/**").matches(Fs.b("/a/b/c"))).isTrue();
        assertThat(new Glob("b/c").matches(Fs.b("/a/b/c"))).isTrue();
        assertThat(new Glob("b/c").matches(Fs.b("/a/ab/c"))).isFalse();
        assertThat(new Glob("**/c").matches(Fs.b("/c"))).isTrue();
        assertThat(new Glob("\\*").matches(Fs.b("/a/*"))).isTrue();
        assertThat(new Glob("\\*").matches(Fs.b("/a/x"))).isFalse();
        assertThat(new Glob("[").matches(Fs.b("/a/["))).isTrue();
        assertThat(new Glob("?").matches(new byte[] {'/', (byte) 0xc3})).as("a truncated sequence is one character").isTrue();
        assertThat(new Glob("[\u00e9]").matches(new byte[] {'/', (byte) 0xe9})).as("Latin-1 byte is not U+00E9").isFalse();
    }
}
