package dev.holdfast.engine.prune;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.index.IndexFile;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.NotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every entry of every index file, read afresh, with the names of the files read (compaction
 * supersedes exactly those). Unlike the content store's index, every location of a blob is kept.
 */
record IndexEntries(List<String> files, List<BlobRef> entries) {
    /** @throws PruneRefusedException when an index file cannot be read (prune must not guess what it named) */
    static IndexEntries load(Repository repo) throws IOException {
        List<String> files = new ArrayList<>();
        List<BlobRef> entries = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<BlobInfo> listed = repo.storage().list(IndexFile.PREFIX);
        listed.parallelStream().forEach(b -> {
            try {
                entries.addAll(repo.readIndex(b.name()).blobs());
                synchronized (files) {
                    files.add(b.name());
                }
            } catch (NotFoundException e) {
                // compacted away by a prune that was interrupted after writing its merged file; that file is listed too
            } catch (IOException e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new PruneRefusedException("index file " + problems.getFirst() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
                    + "; prune deletes nothing while the index is damaged: run 'holdfast check' and repair the repository first");
        }
        Collections.sort(files);
        return new IndexEntries(List.copyOf(files), entries);
    }
}
