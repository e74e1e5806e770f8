package dev.holdfast.engine.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.posix.Posix;
import dev.holdfast.repo.tree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mapping of a file's data stream onto its extents, written out of order. */
class PackRestorerTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void piecesWrittenInAnyOrderLandInTheirExtentsAroundHoles() throws IOException {
        // data "abcdefghij" over extents [2,5) [5,5) (empty) [10,17): "abc" at 2, "defghij" at 10
        PackRestorer.Placement p = new PackRestorer.Placement(List.of(new Node.Extent(2, 3), new Node.Extent(5, 0), new Node.Extent(10, 7)));
        assertThat(p.capacity()).isEqualTo(10);
        assertThat(p.end(10)).isEqualTo(17);
        assertThat(p.end(3)).isEqualTo(5);
        assertThat(p.end(4)).isEqualTo(11);
        assertThat(p.end(0)).isZero();
        byte[] out = dir.resolve("f").toString().getBytes(StandardCharsets.UTF_8);
        int fd = Posix.createWrite(out, 0600);
        try {
            p.write(fd, bytes("ghij"), 4, 6);      // last piece first
            p.write(fd, bytes("bcdef"), 5, 1);     // spans the first extent, the empty one and the third
            p.write(fd, bytes("a"), 1, 0);
        } finally {
            Posix.close(fd);
        }
        byte[] expected = new byte[17];
        System.arraycopy(bytes("abc"), 0, expected, 2, 3);
        System.arraycopy(bytes("defghij"), 0, expected, 10, 7);
        assertThat(Files.readAllBytes(dir.resolve("f"))).isEqualTo(expected);
    }

    @Test
    void contentLongerThanTheExtentsIsRefused() throws IOException {
        PackRestorer.Placement p = new PackRestorer.Placement(List.of(new Node.Extent(0, 4)));
        byte[] out = dir.resolve("g").toString().getBytes(StandardCharsets.UTF_8);
        int fd = Posix.createWrite(out, 0600);
        try {
            assertThatThrownBy(() -> p.write(fd, bytes("xyz"), 3, 2)).isInstanceOf(IOException.class).hasMessageContaining("longer than its recorded extents");
        } finally {
            Posix.close(fd);
        }
    }
}
