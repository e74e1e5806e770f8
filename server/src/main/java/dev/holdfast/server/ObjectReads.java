package dev.holdfast.server;

import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Streams objects out of the storage without holding them in memory. In a local repository an
 * object is read from one open file, so a reader sees one version even while an admin replaces it
 * (the rename leaves the open file as it was); other storages are read in slices.
 */
final class ObjectReads {
    static final int SLICE = 256 << 10;

    /** One object, opened for reading. */
    abstract static class Opened implements Closeable {
        private final long size;

        Opened(long size) {
            this.size = size;
        }

        /** The object's size when it was opened. */
        long size() {
            return size;
        }

        /** Writes length bytes starting at offset to out. */
        abstract void transfer(long offset, long length, OutputStream out) throws IOException;

        @Override
        public void close() throws IOException {}
    }

    private ObjectReads() {}

    /** Opens an object. @throws NotFoundException if there is none of that name */
    static Opened open(Storage storage, String name) throws IOException {
        if (storage instanceof LocalStorage local) return openLocal(local.root().resolve(name), name);
        long size = storage.stat(name).orElseThrow(() -> new NotFoundException(name)).size();
        return new Opened(size) {
            @Override
            void transfer(long offset, long length, OutputStream out) throws IOException {
                for (long done = 0; done < length; ) {
                    int n = (int) Math.min(4L * SLICE, length - done);
                    out.write(storage.getRange(name, offset + done, n));
                    done += n;
                }
            }
        };
    }

    private static Opened openLocal(Path file, String name) throws IOException {
        FileChannel ch;
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) throw new NotFoundException(name);
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new NotFoundException(name);
        } catch (java.nio.file.FileSystemException e) {
            if (!Files.exists(file)) throw new NotFoundException(name);
            throw e;
        }
        return new Opened(ch.size()) {
            @Override
            void transfer(long offset, long length, OutputStream out) throws IOException {
                byte[] buf = new byte[(int) Math.min(SLICE, Math.max(length, 1))];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                for (long done = 0; done < length; ) {
                    bb.clear().limit((int) Math.min(buf.length, length - done));
                    int n = ch.read(bb, offset + done);
                    if (n < 0) throw new IOException("object " + name + " was truncated while being read");
                    out.write(buf, 0, n);
                    done += n;
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
