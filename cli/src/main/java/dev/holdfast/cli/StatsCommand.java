package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.storage.BlobInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stats", description = "Show the repository's size, deduplicated content and compression.")
final class StatsCommand extends BaseCommand {
    @Option(names = "--json", description = "Print a JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access().open()) {
            AtomicLong dataBlobs = new AtomicLong(), treeBlobs = new AtomicLong(), raw = new AtomicLong(), stored = new AtomicLong();
            repo.content().index().forEach(r -> {
                (r.type() == BlobType.DATA ? dataBlobs : treeBlobs).incrementAndGet();
                raw.addAndGet(r.rawLength());
                stored.addAndGet(r.length());
            });
            long packBytes = repo.storage().list("data/").stream().mapToLong(BlobInfo::size).sum();
            long total = repo.storage().list("").stream().mapToLong(BlobInfo::size).sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snapshots", repo.snapshots().size());
            m.put("packs", repo.content().index().packCount());
            m.put("data_blobs", dataBlobs.get());
            m.put("tree_blobs", treeBlobs.get());
            m.put("uncompressed_bytes", raw.get());
            m.put("stored_bytes", stored.get());
            m.put("pack_bytes", packBytes);
            m.put("repository_bytes", total);
            m.put("compression_ratio", stored.get() == 0 ? 1.0 : Math.round(raw.get() * 100.0 / stored.get()) / 100.0);
            if (json) {
                printJson(m);
            } else {
                env.out().printf("snapshots: %d%npacks: %d%nblobs: %d data, %d tree%ncontent: %s, stored as %s (ratio %.2f)%nrepository size: %s%n",
                        m.get("snapshots"), m.get("packs"), dataBlobs.get(), treeBlobs.get(), Units.bytes(raw.get()),
                        Units.bytes(stored.get()), (double) m.get("compression_ratio"), Units.bytes(total));
            }
        }
        return ExitCodes.OK;
    }
}
