package dev.holdfast.cli;

import dev.holdfast.compress.Compressor;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.Snapshot;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import dev.holdfast.storage.LocalStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes snapshots with hand-made trees straight through the repository API, as a malicious or
 * buggy writer could: any names, link targets and metadata.
 */
final class CraftedSnapshots implements AutoCloseable {
    private static final long TIME = 1_700_000_000_000_000_000L;
    private final Repository repo;
    private final Compressor compressor = new Compressor(3);
    private long inode = 1000;

    CraftedSnapshots(Path repository, String password) throws IOException {
        repo = Repository.open(new LocalStorage(repository), password.getBytes(StandardCharsets.UTF_8), null);
    }

    private Node node(NodeType type, byte[] name, int mode, long size, byte[] link, List<Id> content, Id subtree, long ino, long nlink) {
        return new Node(type, name, mode, 0, 0, "root", "root", size, TIME, TIME, TIME, ino, 1, nlink, 0, link,
                List.of(), content, List.of(), subtree);
    }

    Node file(byte[] name, byte[] data) throws IOException {
        return linkedFile(name, data, ++inode, 1);
    }

    Node file(String name, String data) throws IOException {
        return file(Fs.b(name), Fs.b(data));
    }

    /** A file node claiming to be one of nlink hard links to inode ino. */
    Node linkedFile(byte[] name, byte[] data, long ino, long nlink) throws IOException {
        Id id = repo.content().id(data, 0, data.length);
        repo.content().put(BlobType.DATA, id, data, 0, data.length, compressor);
        return node(NodeType.FILE, name, 0644, data.length, null, List.of(id), null, ino, nlink);
    }

    Node symlink(String name, String target) {
        return node(NodeType.SYMLINK, Fs.b(name), 0777, target.length(), Fs.b(target), List.of(), null, ++inode, 1);
    }

    Node dir(byte[] name, Node... children) throws IOException {
        return node(NodeType.DIR, name, 0755, 0, null, List.of(), repo.saveTree(new Tree(List.of(children)), compressor), ++inode, 2);
    }

    Node dir(String name, Node... children) throws IOException {
        return dir(Fs.b(name), children);
    }

    /** Saves a snapshot whose root directory holds these nodes; returns its id. */
    String snapshot(Node... root) throws IOException {
        Id tree = repo.saveTree(new Tree(List.of(root)), compressor);
        repo.content().flush();
        Snapshot s = new Snapshot(1, "2024-01-01T00:00:00Z", "crafted", "root", 0, 0, List.of("/"), List.of(), tree.hex(),
                null, "test", null);
        return repo.saveSnapshot(s).id();
    }

    @Override
    public void close() {
        repo.close();
    }
}
