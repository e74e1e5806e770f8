package dev.holdfast.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.holdfast.engine.backup.Backup;
import dev.holdfast.engine.backup.BackupOptions;
import dev.holdfast.engine.backup.BackupProgress;
import dev.holdfast.engine.backup.BackupResult;
import dev.holdfast.engine.check.Check;
import dev.holdfast.engine.check.CheckReport;
import dev.holdfast.engine.check.Subset;
import dev.holdfast.engine.filter.PathFilter;
import dev.holdfast.engine.restore.Restore;
import dev.holdfast.engine.restore.RestoreOptions;
import dev.holdfast.engine.restore.RestoreResult;
import dev.holdfast.engine.source.PosixSourceFs;
import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryInit;
import dev.holdfast.repo.snapshot.SnapshotRef;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.FaultInjectingStorage;
import dev.holdfast.storage.MemoryStorage;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage runs out of space ({@link FaultInjectingStorage#noSpaceAfterBytes}) during the
 * second backup of a repository, at each write stage in turn: while uploading packs, while writing
 * the index file, while writing the snapshot file. Each time the backup must fail with "No space
 * left on device" naming what it was writing, and once space is back the repository must check
 * clean with its data read, hold only the first snapshot, take the second backup, and restore both
 * exactly. The stages are hit precisely by measuring the second backup's writes on an identical
 * copy of the repository first (one data pack and one tree pack at the default pack size).
 */
class NoSpaceInProcessTest {
    private static final long SEED = 0x0005_FACEL;
    private static final byte[] PASSWORD = "test-password".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path work;

    @Test
    void runningOutOfSpaceAtEachWriteStageLeavesARecoverableRepository() throws Exception {
        Random r = new Random(SEED);
        Path first = work.resolve("first"), second = work.resolve("second");
        Trees.smallFiles(first, r, 30, 8 * 1024);
        Trees.smallFiles(second, r, 40, 16 * 1024);
        Trees.randomFile(second.resolve("big/r0.bin"), r, 3 * Trees.MIB);
        TreeState firstState = TreeState.of(first), secondState = TreeState.of(second);

        MemoryStorage base = new MemoryStorage();
        try (Repository repo = RepositoryInit.init(base, PASSWORD, RepositoryInit.Options.DEFAULT, null, Instant.now().toString(), "testhost", "tester")) {
            assertThat(backup(repo, first).complete()).isTrue();
        }
        Map<String, Long> written = measureSecondBackup(base, second);
        long packs = written.get("data/"), index = written.get("index/"), snapshot = written.get("snapshots/");
        long session = written.get("sessions/") / 2; // the session's first file comes before anything else, its done file last
        Map<String, Long> quotas = new LinkedHashMap<>();
        quotas.put("data/", session + packs / 2);
        quotas.put("index/", session + packs + index / 2);
        quotas.put("snapshots/", session + packs + index + snapshot / 2);

        for (Map.Entry<String, Long> stage : quotas.entrySet()) {
            FaultInjectingStorage storage = new FaultInjectingStorage(copy(base)).noSpaceAfterBytes(stage.getValue());
            try (Repository repo = Repository.open(storage, PASSWORD, null)) {
                IOException e = assertThrows(IOException.class, () -> backup(repo, second), "backup with " + stage.getValue() + " bytes free");
                assertThat(e.getMessage()).as("failure while writing " + stage.getKey()).contains("No space left on device").contains("writing " + stage.getKey());
            }
            storage.clearFaults();
            String what = "after running out of space while writing " + stage.getKey();
            try (Repository repo = Repository.open(storage, PASSWORD, null)) {
                assertClean(repo, what);
                assertThat(repo.snapshots()).as(what).hasSize(1);
                BackupResult again = backup(repo, second);
                assertThat(again.complete()).as(what).isTrue();
            }
            try (Repository repo = Repository.open(storage, PASSWORD, null)) {
                assertClean(repo, what + " and a new backup");
                List<SnapshotRef> snaps = repo.snapshots();
                assertThat(snaps).hasSize(2);
                restoreExactly(repo, snaps.get(0), first, firstState, stage.getKey() + "-1");
                restoreExactly(repo, snaps.get(1), second, secondState, stage.getKey() + "-2");
            }
        }
    }

    /** Bytes the second backup writes, by top-level prefix, on an identical copy of the repository. */
    private static Map<String, Long> measureSecondBackup(MemoryStorage base, Path src) throws IOException {
        MemoryStorage twin = copy(base);
        Set<String> before = twin.list("").stream().map(BlobInfo::name).collect(Collectors.toSet());
        try (Repository repo = Repository.open(twin, PASSWORD, null)) {
            assertThat(backup(repo, src).complete()).isTrue();
        }
        Map<String, Long> bytes = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (BlobInfo b : twin.list("")) {
            if (before.contains(b.name())) continue;
            String prefix = b.name().substring(0, b.name().indexOf('/') + 1);
            bytes.merge(prefix, b.size(), Long::sum);
            count.merge(prefix, 1, Integer::sum);
        }
        assertThat(count).as("one data and one tree pack, one index file, one snapshot, the session's start and end")
                .isEqualTo(Map.of("data/", 2, "index/", 1, "snapshots/", 1, "sessions/", 2));
        return bytes;
    }

    private static MemoryStorage copy(Storage from) throws IOException {
        MemoryStorage to = new MemoryStorage();
        for (BlobInfo b : from.list("")) to.put(b.name(), from.get(b.name()));
        return to;
    }

    private static BackupResult backup(Repository repo, Path src) throws IOException {
        BackupOptions o = new BackupOptions(List.of(src.toString()), "/", "testhost", "tester", List.of(), PathFilter.ALL,
                false, Instant.now(), -1, 4);
        return new Backup(repo, o, new PosixSourceFs(), new BackupProgress()).run();
    }

    private static void assertClean(Repository repo, String what) throws IOException {
        CheckReport report = new Check(repo, Subset.ALL, s -> {}).run();
        assertThat(report.errors()).as("check --read-data " + what + "; notes: " + report.notes()).isEmpty();
    }

    private void restoreExactly(Repository repo, SnapshotRef s, Path src, TreeState expected, String name) throws IOException {
        Path target = work.resolve("restore-" + name.replace("/", ""));
        RestoreOptions o = new RestoreOptions(target.toString().getBytes(StandardCharsets.UTF_8), src.toString(), PathFilter.ALL, 4);
        RestoreResult r = new Restore(repo, s, o, new AtomicLong()).run();
        assertThat(r.errors()).isEmpty();
        TreeState.assertSame(expected, TreeState.of(target), "snapshot " + s.shortId());
    }
}
