package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The names and contents of a directory tree: relative path to "dir", "link:target" or the
 * SHA-256 of a regular file's bytes. Two states are equal exactly when the trees hold the same
 * names with byte-identical content (metadata is compared elsewhere).
 */
record TreeState(SortedMap<String, String> entries) {
    static final String DIR = "dir";

    static TreeState of(Path root) throws IOException {
        SortedMap<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) m.put(rel, "link:" + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) m.put(rel, DIR);
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) m.put(rel, sha256(p));
                else m.put(rel, "special");
            }
        }
        return new TreeState(m);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Relative paths of regular files. */
    Set<String> files() {
        Set<String> s = new TreeSet<>();
        entries.forEach((k, v) -> {
            if (!v.equals(DIR) && !v.startsWith("link:")) s.add(k);
        });
        return s;
    }

    /** Fails, listing every difference, unless actual holds exactly the same names and bytes. */
    static void assertSame(TreeState expected, TreeState actual, String what) {
        List<String> diffs = differences(expected, actual, Set.of());
        if (!diffs.isEmpty()) fail(what + ": restored tree differs from its source in " + diffs.size() + " entries:\n  " + String.join("\n  ", diffs.subList(0, Math.min(30, diffs.size()))));
    }

    /**
     * Differences between two trees, ignoring the paths in {@code excused} (files a restore
     * reported as not restored, which may be missing or partial).
     */
    static List<String> differences(TreeState expected, TreeState actual, Set<String> excused) {
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entries.entrySet()) {
            if (excused.contains(e.getKey())) continue;
            String a = actual.entries.get(e.getKey());
            if (a == null) diffs.add("missing: " + e.getKey());
            else if (!a.equals(e.getValue())) diffs.add("different: " + e.getKey() + " (expected " + brief(e.getValue()) + ", got " + brief(a) + ")");
        }
        for (String k : actual.entries.keySet()) {
            if (!expected.entries.containsKey(k) && !excused.contains(k)) diffs.add("unexpected: " + k);
        }
        return diffs;
    }

    private static String brief(String v) {
        return v.length() == 64 ? "sha256 " + v.substring(0, 12) : v;
    }
}
