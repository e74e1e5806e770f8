package dev.holdfast.cli;

import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", description = "List the files of a snapshot, recursively, below PATH (default: everything).")
final class LsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "Snapshot id, unique id prefix, or 'latest'.")
    String snapshot;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "Absolute path inside the snapshot.")
    String path = "/";

    @Option(names = {"-l", "--long"}, description = "Show type, mode, owner, size and modification time.")
    boolean longFormat;

    @Option(names = "--json", description = "Print one JSON object per entry.")
    boolean json;

    @Mixin
    SnapshotOptions select;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            SnapshotRef snap = select.find(repo, snapshot);
            Tree tree = repo.tree(Id.parse(snap.snapshot().tree()));
            byte[] at = BytePaths.ROOT;
            Node last = null;
            for (byte[] name : BytePaths.components(BytePaths.normalize(path, "/"))) {
                Node n = tree == null ? null : tree.find(name);
                if (n == null) throw new UserException("path " + path + " is not in snapshot " + snap.shortId());
                at = BytePaths.child(at, name);
                last = n;
                tree = n.type() == NodeType.DIR && n.subtree() != null ? repo.tree(n.subtree()) : null;
            }
            if (last != null && last.type() != NodeType.DIR) print(last, at);
            else if (tree != null) list(repo, tree, at);
        }
        return ExitCodes.OK;
    }

    private void list(Repository repo, Tree tree, byte[] dir) throws IOException {
        for (Node n : tree.nodes()) {
            byte[] p = BytePaths.child(dir, n.name());
            print(n, p);
            if (n.type() == NodeType.DIR && n.subtree() != null) list(repo, repo.tree(n.subtree()), p);
        }
    }

    private void print(Node n, byte[] path) throws IOException {
        String shown = BytePaths.display(path);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", shown);
            m.put("type", n.type().name().toLowerCase());
            m.put("mode", String.format("%04o", n.mode()));
            m.put("uid", n.uid());
            m.put("gid", n.gid());
            m.put("user", n.user());
            m.put("group", n.group());
            m.put("size", n.size());
            m.put("mtime", time(n.mtimeNs()));
            if (n.linkTarget() != null && n.linkTarget().length > 0) m.put("link_target", BytePaths.display(n.linkTarget()));
            printJson(m);
        } else if (longFormat) {
            env.out().printf("%s%04o %-8s %-8s %12d %s %s%s%n", typeChar(n.type()), n.mode(), n.user().isEmpty() ? n.uid() : n.user(),
                    n.group().isEmpty() ? n.gid() : n.group(), n.size(), time(n.mtimeNs()), shown,
                    n.type() == NodeType.SYMLINK ? " -> " + BytePaths.display(n.linkTarget()) : "");
        } else {
            env.out().println(shown);
        }
    }

    private static String time(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
    }

    private static char typeChar(NodeType t) {
        return switch (t) {
            case DIR -> 'd';
            case SYMLINK -> 'l';
            case FIFO -> 'p';
            case CHARDEV -> 'c';
            case BLOCKDEV -> 'b';
            case SOCKET -> 's';
            default -> '-';
        };
    }

}
