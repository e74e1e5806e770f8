package dev.holdfast.cli.robust;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/** Damages files of a repository in place, as a failing disk or a careless hand would. */
final class Damage {
    private Damage() {}

    /** Inverts the bits of the byte at offset. */
    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (offset >= f.length()) throw new IllegalArgumentException(offset + " is beyond the end of " + file);
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0xFF);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (size >= f.length()) throw new IllegalArgumentException(file + " is not longer than " + size);
            f.setLength(size);
        }
    }

    static void delete(Path file) throws IOException {
        Files.delete(file);
    }
}
