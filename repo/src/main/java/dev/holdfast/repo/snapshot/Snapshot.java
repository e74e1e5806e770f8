package dev.holdfast.repo.snapshot;

import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot record: when, where from, which paths, and the root tree. Stored as JSON inside a
 * sealed file {@code snapshots/<sha256>}; see docs/repository-format.md, "Snapshots".
 */
public record Snapshot(int version, String time, String host, String user, int uid, int gid,
                       List<String> paths, List<String> tags, String tree, String parent,
                       String program, Summary summary, String original) {

    /** A snapshot as written by a backup (not a copy). */
    public Snapshot(int version, String time, String host, String user, int uid, int gid, List<String> paths,
                    List<String> tags, String tree, String parent, String program, Summary summary) {
        this(version, time, host, user, uid, gid, paths, tags, tree, parent, program, summary, null);
    }

    /**
     * The id that names this snapshot across repositories: the id of the snapshot it was copied
     * from (transitively), or its own id when it is not a copy.
     */
    public static String originOf(SnapshotRef r) {
        return r.snapshot().original() != null ? r.snapshot().original() : r.id();
    }

    /** This snapshot copied into another repository: its root tree there, and the original's id. */
    public Snapshot copiedAs(String newTree, String originalId) {
        return new Snapshot(version, time, host, user, uid, gid, paths, tags, newTree, null, program, summary, originalId);
    }

    /** What the backup that made the snapshot did. */
    public record Summary(long filesNew, long filesChanged, long filesUnchanged, long dirs,
                          long bytesRead, long bytesAdded, long blobsAdded, long errors,
                          long totalFiles, long totalBytes, double seconds) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filesNew", filesNew);
            m.put("filesChanged", filesChanged);
            m.put("filesUnchanged", filesUnchanged);
            m.put("dirs", dirs);
            m.put("bytesRead", bytesRead);
            m.put("bytesAdded", bytesAdded);
            m.put("blobsAdded", blobsAdded);
            m.put("errors", errors);
            m.put("totalFiles", totalFiles);
            m.put("totalBytes", totalBytes);
            m.put("seconds", seconds);
            return m;
        }

        static Summary from(Json.Fields f) throws FormatException {
            return new Summary(f.number("filesNew"), f.number("filesChanged"), f.number("filesUnchanged"), f.number("dirs"),
                    f.number("bytesRead"), f.number("bytesAdded"), f.number("blobsAdded"), f.number("errors"),
                    f.number("totalFiles"), f.number("totalBytes"), f.decimal("seconds"));
        }
    }

    /** The time as an instant; the usual form (seconds, optional fraction, "Z") is read without java.time's parser. */
    public Instant instant() {
        Instant fast = Times.parseUtc(time);
        return fast != null ? fast : Instant.parse(time);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("time", time);
        m.put("host", host);
        m.put("user", user);
        m.put("uid", uid);
        m.put("gid", gid);
        m.put("paths", paths);
        m.put("tags", tags);
        m.put("tree", tree);
        m.put("parent", parent);
        m.put("program", program);
        m.put("summary", summary == null ? null : summary.toMap());
        m.put("original", original);
        return m;
    }

    public static Snapshot fromJson(byte[] json, String what) throws FormatException {
        Json.Fields f = new Json.Fields(Json.parseObject(json, what), what);
        Json.Fields summary = f.object("summary");
        Snapshot s = new Snapshot(f.integer("version"), f.string("time"), f.optionalString("host"), f.optionalString("user"),
                f.integer("uid"), f.integer("gid"), f.strings("paths"), f.strings("tags"), f.string("tree"),
                f.optionalString("parent"), f.optionalString("program"), summary == null ? null : Summary.from(summary),
                f.optionalString("original"));
        try {
            s.instant();
        } catch (DateTimeParseException e) {
            throw new FormatException(what + ": bad time " + s.time());
        }
        return s;
    }
}
