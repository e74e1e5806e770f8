package dev.holdfast.engine.source;

import dev.holdfast.posix.DirectReader;
import dev.holdfast.posix.Errno;
import dev.holdfast.posix.Posix;
import dev.holdfast.posix.PosixException;
import dev.holdfast.posix.Stat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The local file system through Linux system calls. */
public final class PosixSourceFs implements SourceFs {
    @Override
    public Stat lstat(byte[] path) throws IOException {
        return Posix.lstat(path);
    }

    @Override
    public List<byte[]> listDir(byte[] path) throws IOException {
        return Posix.listDir(path);
    }

    @Override
    public byte[] readlink(byte[] path) throws IOException {
        return Posix.readlink(path);
    }

    @Override
    public List<byte[][]> xattrs(byte[] path) throws IOException {
        List<byte[]> names;
        try {
            names = Posix.listXattrs(path);
        } catch (PosixException e) {
            if (e.errno() == Errno.EOPNOTSUPP) return List.of();
            throw e;
        }
        if (names.isEmpty()) return List.of();
        List<byte[][]> out = new ArrayList<>(names.size());
        for (byte[] n : names) {
            byte[] v = Posix.getXattr(path, n);
            if (v != null) out.add(new byte[][] {n, v});
        }
        return out;
    }

    @Override
    public OpenFile open(byte[] path) throws IOException {
        DirectReader file = DirectReader.open(path);
        return new OpenFile() {
            @Override public Stat stat() throws IOException { return file.stat(); }

            @Override public int pread(byte[] buf, int off, int len, long position) throws IOException {
                return file.pread(buf, off, len, position);
            }

            @Override public long seekData(long from) throws IOException { return Posix.seekData(file.fd(), from); }

            @Override public long seekHole(long from) throws IOException { return Posix.seekHole(file.fd(), from); }

            @Override public void close() throws IOException { file.close(); }
        };
    }

    @Override
    public String userName(int uid) {
        return Posix.userName(uid);
    }

    @Override
    public String groupName(int gid) {
        return Posix.groupName(gid);
    }
}
