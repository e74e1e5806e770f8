package dev.holdfast.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.FaultInjectingStorage.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorStorageTest {
    @TempDir Path dir;
    final MemoryStorage a = new MemoryStorage(), b = new MemoryStorage();
    final FaultInjectingStorage fa = new FaultInjectingStorage(a), fb = new FaultInjectingStorage(b);
    final MirrorStorage mirror = new MirrorStorage(List.of(fa, fb));

    @Nested
    class Contract extends StorageContract {
        @Override
        protected Storage newStorage() {
            return new MirrorStorage(List.of(new MemoryStorage(), new MemoryStorage(), new MemoryStorage()));
        }
    }

    @Nested
    class LocalContract extends StorageContract {
        @TempDir Path root;

        @Override
        protected Storage newStorage() {
            return new MirrorStorage(List.of(new LocalStorage(root.resolve("one")), new LocalStorage(root.resolve("two"))));
        }
    }

    @Test
    void everyBlobIsWrittenToEveryMember() throws Exception {
        mirror.put("data/00/x", new byte[] {1, 2});
        assertThat(a.get("data/00/x")).containsExactly(1, 2);
        assertThat(b.get("data/00/x")).containsExactly(1, 2);
        mirror.delete("data/00/x");
        assertThat(a.stat("data/00/x")).isEmpty();
        assertThat(b.stat("data/00/x")).isEmpty();
        assertThat(mirror.location()).startsWith("mirror of ");
    }

    @Test
    void readsComeFromTheFirstMemberThatAnswers() throws Exception {
        mirror.put("config", new byte[] {5});
        fa.fail(Set.of(Op.GET, Op.GET_RANGE, Op.STAT, Op.LIST), n -> true, new IOException("disk gone"));
        assertThat(mirror.get("config")).containsExactly(5);
        assertThat(mirror.getRange("config", 0, 1)).containsExactly(5);
        assertThat(mirror.stat("config")).contains(new BlobInfo("config", 1));
        assertThat(mirror.list("")).containsExactly(new BlobInfo("config", 1));
        assertThat(fb.calls(Op.GET)).isEqualTo(1);
    }

    @Test
    void aBlobMissingFromTheFirstIsReadFromTheNext() throws Exception {
        b.put("only-in-b", new byte[] {9});
        assertThat(mirror.get("only-in-b")).containsExactly(9);
        assertThat(mirror.stat("only-in-b")).isPresent();
        assertThatThrownBy(() -> mirror.get("nowhere")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> mirror.delete("nowhere")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void whenEveryMemberFailsTheFirstErrorIsReported() throws Exception {
        fa.fail(Set.of(Op.GET), n -> true, new IOException("first down"));
        fb.fail(Set.of(Op.GET), n -> true, new IOException("second down"));
        assertThatThrownBy(() -> mirror.get("x")).hasMessage("first down")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("second down"));
    }

    @Test
    void aPutFailsWhenOneCopyFails() {
        fb.failPutsMatching(n -> true, new IOException("replica full"));
        assertThatThrownBy(() -> mirror.put("index/i1", new byte[1])).hasMessage("replica full");
        assertThat(fa.calls(Op.PUT)).isEqualTo(1);
    }

    @Test
    void stagedFilesGoToEveryLocalMemberAndLeaveNoCopies() throws Exception {
        LocalStorage one = new LocalStorage(dir.resolve("one")), two = new LocalStorage(dir.resolve("two"));
        MirrorStorage m = new MirrorStorage(List.of(one, two));
        Path staged = Files.write(m.stagingDirectory().resolve("pack-staged"), new byte[] {1, 2, 3});
        m.putFile("data/ab/pack", staged);
        assertThat(one.get("data/ab/pack")).containsExactly(1, 2, 3);
        assertThat(two.get("data/ab/pack")).containsExactly(1, 2, 3);
        assertThat(staged).doesNotExist();
        try (var files = Files.list(two.stagingDirectory())) {
            assertThat(files).isEmpty();
        }
    }
}
