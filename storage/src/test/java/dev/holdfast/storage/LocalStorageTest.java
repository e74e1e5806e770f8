package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the contract cannot see: files on disk, temporary files and real I/O errors. */
class LocalStorageTest {
    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("repo");
    }

    private List<Path> tempFiles() throws IOException {
        Path tmp = root().resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    @Test
    void blobsAreFilesUnderTheRoot() throws Exception {
        LocalStorage storage = new LocalStorage(root());
        storage.put("data/ab/abcdef", StorageContract.bytes("chunk"));
        storage.put("config", StorageContract.bytes("cfg"));
        assertThat(root().resolve("data/ab/abcdef")).hasContent("chunk");
        assertThat(root().resolve("config")).hasContent("cfg");
        assertThat(storage.location()).isEqualTo(root().toAbsolutePath().toString());
        assertThat(tempFiles()).isEmpty();
    }

    @Test
    void rootIsCreatedByTheFirstPut() throws Exception {
        Path nested = dir.resolve("a/b/repo");
        LocalStorage storage = new LocalStorage(nested);
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.stat("config")).isEmpty();
        assertThatThrownBy(() -> storage.get("config")).isInstanceOf(NotFoundException.class);
        assertThat(nested).doesNotExist();
        storage.put("config", new byte[1]);
        assertThat(nested.resolve("config")).isRegularFile();
    }

    @Test
    void temporaryAndForeignFilesAreNotListed() throws Exception {
        LocalStorage storage = new LocalStorage(root());
        storage.put("data/x", new byte[1]);
        Files.write(root().resolve("tmp/123-abc-1.tmp"), new byte[5]);
        Files.write(root().resolve("not a blob"), new byte[5]);
        Files.write(root().resolve("data/also not"), new byte[5]);
        Files.createDirectories(root().resolve("data/empty-dir"));
        assertThat(storage.list("")).containsExactly(new BlobInfo("data/x", 1));
        assertThat(storage.list("t")).isEmpty();
    }

    @Test
    void failedPutLeavesNoTemporaryFile() throws Exception {
        LocalStorage storage = new LocalStorage(root());
        storage.put("blob", new byte[1]);
        storage.put("dir/x", new byte[1]);
        assertThatThrownBy(() -> storage.put("blob/below", new byte[100]))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("writing blob/below to " + storage.location() + ": ")
                .hasMessageContaining("a blob of that name exists");
        assertThatThrownBy(() -> storage.put("dir", new byte[100]))
                .isInstanceOf(IOException.class).hasMessageStartingWith("writing dir to ");
        assertThat(tempFiles()).isEmpty();
        assertThat(StorageContract.names(storage.list(""))).containsExactly("blob", "dir/x");
    }

    @Test
    void staleTemporaryFilesAreRemoved() throws Exception {
        LocalStorage storage = new LocalStorage(root(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(storage.removeStaleTemporaryFiles(Duration.ofHours(1))).isZero();
        storage.put("keep", new byte[1]);
        Path old = tempFile("1-dead-1.tmp", NOW.minus(Duration.ofHours(2)));
        Path older = tempFile("1-dead-2.tmp", NOW.minus(Duration.ofDays(30)));
        Path fresh = tempFile("2-live-1.tmp", NOW.minus(Duration.ofMinutes(5)));
        Files.setLastModifiedTime(root().resolve("keep"), FileTime.from(NOW.minus(Duration.ofDays(365))));
        assertThat(storage.removeStaleTemporaryFiles(Duration.ofHours(1))).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(older).doesNotExist();
        assertThat(fresh).exists();
        assertThat(storage.get("keep")).hasSize(1);
    }

    private Path tempFile(String name, Instant modified) throws IOException {
        Path p = Files.write(root().resolve("tmp").resolve(name), new byte[3]);
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void directoriesRemovedBehindItsBackAreRecreated() throws Exception {
        LocalStorage storage = new LocalStorage(root());
        storage.put("data/ab/x", new byte[1]);
        deleteTree(root().resolve("data"));
        deleteTree(root().resolve("tmp"));
        storage.put("data/ab/y", new byte[2]);
        assertThat(storage.list("")).containsExactly(new BlobInfo("data/ab/y", 2));
    }

    @Test
    void listReadsOnlyTheMatchingDirectories() throws Exception {
        LocalStorage storage = new LocalStorage(root());
        for (int i = 0; i < 1024; i++) {
            Path file = root().resolve(String.format("data/%02x/%06d", i % 256, i));
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[i % 7]);
        }
        // an unreadable sibling proves the walk never enters it (except as root, who reads anyway)
        Path sibling = root().resolve("data/01");
        Files.setPosixFilePermissions(sibling, PosixFilePermissions.fromString("---------"));
        try {
            List<BlobInfo> under = storage.list("data/7f/");
            assertThat(under).hasSize(4).allSatisfy(b -> assertThat(b.name()).startsWith("data/7f/"));
            assertThat(storage.list("data/7")).hasSize(16 * 4);
            assertThat(StorageContract.names(storage.list("data/7f/"))).isSorted();
        } finally {
            Files.setPosixFilePermissions(sibling, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        List<BlobInfo> all = storage.list("");
        assertThat(all).hasSize(1024);
        assertThat(StorageContract.names(all)).isSorted();
    }

    @Test
    void putIntoReadOnlyDirectoryFailsClearly() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root ignores permissions");
        LocalStorage storage = new LocalStorage(root());
        storage.put("data/x", new byte[1]);
        Path data = root().resolve("data");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> storage.put("data/y", new byte[10]))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("writing data/y to " + storage.location() + ": ")
                    .hasMessageContaining("Permission denied");
            assertThat(tempFiles()).isEmpty();
            assertThat(storage.stat("data/y")).isEmpty();
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void putOnReadOnlyFilesystemFailsClearly() throws Exception {
        Optional<TmpfsMount> mount = TmpfsMount.tryMount(dir.resolve("ro"), 1 << 20);
        assumeTrue(mount.isPresent(), "cannot mount a tmpfs here");
        try (TmpfsMount m = mount.get()) {
            LocalStorage storage = new LocalStorage(m.dir().resolve("repo"));
            storage.put("config", StorageContract.bytes("cfg"));
            m.remountReadOnly();
            assertThatThrownBy(() -> storage.put("data/y", new byte[10]))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("writing data/y to " + storage.location() + ": ")
                    .hasMessageContaining("Read-only file system");
            assertThat(storage.get("config")).isEqualTo(StorageContract.bytes("cfg"));
            assertThat(storage.list("")).containsExactly(new BlobInfo("config", 3));
        }
    }

    @Test
    void diskFullFailsClearlyAndLeavesNothing() throws Exception {
        Optional<TmpfsMount> mount = TmpfsMount.tryMount(dir.resolve("small"), 256 << 10);
        assumeTrue(mount.isPresent(), "cannot mount a tmpfs here");
        try (TmpfsMount m = mount.get()) {
            LocalStorage storage = new LocalStorage(m.dir().resolve("repo"));
            storage.put("config", new byte[100]);
            assertThatThrownBy(() -> storage.put("data/ab/abcd", new byte[1 << 20]))
                    .isInstanceOf(IOException.class)
                    .hasMessage("writing data/ab/abcd to " + storage.location()
                            + ": No space left on device");
            try (Stream<Path> temps = Files.list(m.dir().resolve("repo/tmp"))) {
                assertThat(temps).isEmpty();
            }
            assertThat(storage.stat("data/ab/abcd")).isEmpty();
            storage.put("data/ab/small", new byte[1000]);
            assertThat(StorageContract.names(storage.list("")))
                    .containsExactly("config", "data/ab/small");
        }
    }

    private static void deleteTree(Path top) throws IOException {
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
