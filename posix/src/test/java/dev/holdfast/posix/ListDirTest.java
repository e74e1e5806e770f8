package dev.holdfast.posix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListDirTest {
    @TempDir Path dir;

    @Test
    void rawByteNames() throws Exception {
        byte[] d = Bytes.of(dir);
        List<byte[]> names = List.of(
                new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'z'},
                Bytes.of("line\nbreak"),
                Bytes.of("with space "),
                Bytes.of("ünïcødé"),
                Bytes.repeat('x', 255),
                Bytes.of(".hidden"),
                Bytes.of("..."),
                new byte[] {'\\', 0x1b, '[', '3', '1', 'm'});
        for (byte[] n : names) Posix.close(Posix.createWrite(Bytes.join(d, n), 0600));
        Posix.mkdir(Bytes.join(d, Bytes.of("sub")), 0700);

        List<byte[]> listed = Posix.listDir(d);
        assertThat(listed).hasSize(names.size() + 1);
        for (byte[] n : names) assertThat(Bytes.contains(listed, n)).as(Posix.render(n)).isTrue();
        assertThat(Bytes.contains(listed, Bytes.of("sub"))).isTrue();
        assertThat(Bytes.contains(listed, Bytes.of("."))).isFalse();
        assertThat(Bytes.contains(listed, Bytes.of(".."))).isFalse();
        for (byte[] n : listed) assertThat(Posix.lstat(Bytes.join(d, n)).ino()).isPositive();
    }

    @Test
    void tooLongNameIsRefused() {
        assertThatThrownBy(() -> Posix.createWrite(Bytes.join(dir, Bytes.repeat('y', 256)), 0600))
                .isInstanceOfSatisfying(PosixException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.ENAMETOOLONG));
    }

    @Test
    void emptyDirectory() throws Exception {
        assertThat(Posix.listDir(Bytes.of(dir))).isEmpty();
    }

    @Test
    void manyEntriesSpanSeveralBatches() throws Exception {
        byte[] d = Bytes.of(dir);
        int count = 5000; // ~40 bytes per record: more than one 64 KiB getdents64 batch
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "file-with-a-longish-name-" + i;
            expected.add(name);
            Files.createFile(dir.resolve(name));
        }
        List<String> listed = Posix.listDir(d).stream().map(Bytes::str).sorted().toList();
        assertThat(listed).isEqualTo(expected.stream().sorted().toList());
    }

    @Test
    void rawSyscallFallbackListsTheSame() throws Exception {
        for (int i = 0; i < 3000; i++) Files.createFile(dir.resolve("entry-" + i));
        byte[] d = Bytes.of(dir);
        List<String> viaWrapper = Posix.listDir(d).stream().map(Bytes::str).sorted().toList();
        Dirs.forceSyscall = true;
        try {
            assertThat(Posix.listDir(d).stream().map(Bytes::str).sorted().toList()).isEqualTo(viaWrapper);
            assertThatThrownBy(() -> Posix.listDir(-1))
                    .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
        } finally {
            Dirs.forceSyscall = false;
        }
        assertThat(viaWrapper).hasSize(3000);
    }

    @Test
    void descriptorRelativeCalls() throws Exception {
        Files.write(dir.resolve("a"), new byte[] {1, 2, 3});
        Files.createDirectory(dir.resolve("sub"));
        Files.write(dir.resolve("sub").resolve("b"), new byte[] {4});
        int fd = Posix.openDir(Bytes.of(dir));
        try {
            List<String> names = Posix.listDir(fd).stream().map(Bytes::str).sorted().toList();
            assertThat(names).containsExactly("a", "sub");
            assertThat(Posix.lstatAt(fd, Bytes.of("a")).size()).isEqualTo(3);
            int sub = Posix.openDirAt(fd, Bytes.of("sub"));
            try {
                int f = Posix.openReadAt(sub, Bytes.of("b"));
                byte[] buf = new byte[4];
                assertThat(Posix.read(f, buf, 0, 4)).isEqualTo(1);
                assertThat(buf[0]).isEqualTo((byte) 4);
                Posix.close(f);
            } finally {
                Posix.close(sub);
            }
        } finally {
            Posix.close(fd);
        }
    }

    @Test
    void errors() throws Exception {
        byte[] missing = Bytes.join(dir, "missing");
        assertThatThrownBy(() -> Posix.listDir(missing))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        byte[] file = Bytes.join(dir, "file");
        Posix.close(Posix.createWrite(file, 0600));
        assertThatThrownBy(() -> Posix.listDir(file))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
        byte[] link = Bytes.join(dir, "link");
        Posix.symlink(Bytes.of(dir), link);
        assertThatThrownBy(() -> Posix.listDir(link))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isIn(Errno.ELOOP, Errno.ENOTDIR));
        assertThatThrownBy(() -> Posix.listDir(Bytes.join(file, Bytes.of("x"))))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTDIR));
    }

    @Test
    void removeEntries() throws Exception {
        byte[] d = Bytes.join(dir, "d");
        Posix.mkdir(d, 0700);
        byte[] f = Bytes.join(d, Bytes.of("f"));
        Posix.close(Posix.createWrite(f, 0600));
        assertThatThrownBy(() -> Posix.rmdir(d))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTEMPTY));
        assertThatThrownBy(() -> Posix.unlink(d))
                .isInstanceOfSatisfying(PosixException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EISDIR));
        Posix.unlink(f);
        Posix.rmdir(d);
        assertThat(Arrays.asList(dir.toFile().list())).isEmpty();
    }
}
