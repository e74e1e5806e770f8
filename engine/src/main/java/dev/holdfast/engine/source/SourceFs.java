package dev.holdfast.engine.source;

import dev.holdfast.posix.Stat;
import java.io.IOException;
import java.util.List;

/**
 * The file system a backup reads: the local one through {@link PosixSourceFs}, or a wrapper that
 * injects faults in tests. Paths are absolute byte strings; symlinks are never followed.
 */
public interface SourceFs {
    Stat lstat(byte[] path) throws IOException;

    List<byte[]> listDir(byte[] path) throws IOException;

    byte[] readlink(byte[] path) throws IOException;

    /** Extended attribute names and values (empty when the file system has none). */
    List<byte[][]> xattrs(byte[] path) throws IOException;

    OpenFile open(byte[] path) throws IOException;

    String userName(int uid);

    String groupName(int gid);

    /** A file open for reading. */
    interface OpenFile extends AutoCloseable {
        Stat stat() throws IOException;

        int pread(byte[] buf, int off, int len, long position) throws IOException;

        /** The next data offset at or after from, or -1 when only a hole remains. */
        long seekData(long from) throws IOException;

        long seekHole(long from) throws IOException;

        @Override
        void close() throws IOException;
    }
}
