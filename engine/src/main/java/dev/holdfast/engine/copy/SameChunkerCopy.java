package dev.holdfast.engine.copy;

import dev.holdfast.compress.Compressor;
import dev.holdfast.engine.BytePaths;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.content.ContentStore;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.repo.tree.Node;
import dev.holdfast.repo.tree.NodeType;
import dev.holdfast.repo.tree.Tree;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a snapshot between repositories that cut the same chunks and give them the same ids:
 * trees and chunks keep their ids, so only the blobs the target lacks are sent, as stored. The
 * snapshot's trees are walked (every tree is verified and stored in the target when missing); the
 * missing chunks are collected in batches and handed to a {@link BlobTransfer}.
 */
final class SameChunkerCopy {
    /**
     * Chunks collected before a batch is sent. One batch is sent while the walk collects the next,
     * so reading trees overlaps with copying chunks and memory stays at two batches.
     */
    static final int BATCH = 4_000;

    private final Repository source;
    private final ContentStore target;
    private final SourceReader reader;
    private final BlobTransfer transfer;
    private final Compressor treeCompressor;
    /** Trees whose whole subtree reached the target in this run. */
    private final Set<Id> complete = new HashSet<>();

    SameChunkerCopy(Repository source, ContentStore target, SourceReader reader, BlobTransfer transfer, Compressor treeCompressor) {
        this.source = source;
        this.target = target;
        this.reader = reader;
        this.transfer = transfer;
        this.treeCompressor = treeCompressor;
    }

    private record Pending(BlobRef ref, byte[] path) {}

    /** The batch being sent, or null. */
    private Map<Id, Pending> inFlight;
    private List<java.util.concurrent.Future<?>> inFlightTasks;

    /** Sends what the snapshot needs; returns the problems (none when the copy is complete). */
    List<String> copy(SnapshotRef s) throws IOException {
        List<String> errors = new ArrayList<>();
        Set<Id> visited = new HashSet<>();
        Map<Id, Pending> batch = new HashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {Id.parse(s.snapshot().tree()), BytePaths.ROOT});
        String where = "snapshot " + s.shortId() + ": ";
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Id treeId = (Id) top[0];
            byte[] path = (byte[]) top[1];
            if (complete.contains(treeId) || !visited.add(treeId)) continue;
            byte[] plain;
            Tree tree;
            try {
                plain = reader.tree(source, treeId);
                tree = Tree.decode(plain, "tree " + treeId.hex());
            } catch (IOException e) {
                errors.add(where + BytePaths.display(path) + ": tree " + treeId.shortHex() + ": " + e.getMessage());
                continue;
            }
            for (Node n : tree.nodes()) {
                byte[] child = BytePaths.child(path, n.name());
                if (n.type() == NodeType.DIR && n.subtree() != null) stack.push(new Object[] {n.subtree(), child});
                if (n.type() != NodeType.FILE) continue;
                for (Id c : n.content()) {
                    if (target.contains(BlobType.DATA, c) || batch.containsKey(c) || (inFlight != null && inFlight.containsKey(c))) continue;
                    String problem = transfer.problem(c);
                    BlobRef ref = source.content().locate(BlobType.DATA, c);
                    if (ref == null) problem = "is missing from the source's index";
                    if (problem != null) {
                        errors.add(where + BytePaths.display(child) + ": chunk " + c.shortHex() + " " + problem);
                        continue;
                    }
                    batch.put(c, new Pending(ref, child));
                }
            }
            long added = target.put(BlobType.TREE, treeId, plain, 0, plain.length, treeCompressor);
            if (added > 0) {
                transfer.blobsSent.incrementAndGet();
                transfer.bytesSent.addAndGet(added);
            }
            if (batch.size() >= BATCH) batch = send(batch, where, errors);
        }
        send(batch, where, errors);
        finish(where, errors);
        if (errors.isEmpty()) complete.addAll(visited);
        return errors;
    }

    /** Starts sending a batch after the previous one has arrived; the batch map is handed over. */
    private Map<Id, Pending> send(Map<Id, Pending> batch, String where, List<String> errors) throws IOException {
        finish(where, errors);
        if (batch.isEmpty()) return batch;
        inFlight = batch;
        inFlightTasks = transfer.start(batch.values().stream().map(Pending::ref).toList());
        return new HashMap<>();
    }

    /** Waits for the batch being sent and reports its chunks that failed verification. */
    private void finish(String where, List<String> errors) throws IOException {
        if (inFlight == null) return;
        Map<Id, Pending> sent = inFlight;
        inFlight = null;
        BlobTransfer.await(inFlightTasks);
        for (Map.Entry<Id, Pending> e : sent.entrySet()) {
            String problem = transfer.problem(e.getKey());
            if (problem != null) errors.add(where + BytePaths.display(e.getValue().path()) + ": chunk " + e.getKey().shortHex() + " " + problem);
        }
    }
}
