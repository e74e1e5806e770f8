package dev.holdfast.cli;

import dev.holdfast.engine.source.PosixSourceFs;
import dev.holdfast.engine.source.SourceFs;
import dev.holdfast.posix.Errno;
import dev.holdfast.posix.PosixException;
import dev.holdfast.posix.Stat;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local file system with hooks that run before a call on a given path: they may throw (an
 * unreadable file) or change the real file system (a file that vanishes or changes mid-backup).
 */
final class FaultySourceFs implements SourceFs {
    /** Runs before a call on a path; may throw or change the file system. */
    interface Hook {
        void run(byte[] path) throws IOException;
    }

    /** Runs before a positioned read of an open file. */
    interface ReadHook {
        void run(byte[] path, long position) throws IOException;
    }

    private final SourceFs real = new PosixSourceFs();
    final Map<String, Hook> lstat = new ConcurrentHashMap<>(), listDir = new ConcurrentHashMap<>(),
            open = new ConcurrentHashMap<>(), afterOpen = new ConcurrentHashMap<>(), xattrs = new ConcurrentHashMap<>();
    final Map<String, ReadHook> read = new ConcurrentHashMap<>();

    static PosixException error(String call, int errno, String name, byte[] path) {
        return new PosixException(call, errno, name, Fs.s(path));
    }

    static Hook fails(String call, int errno, String name) {
        return p -> {
            throw error(call, errno, name, p);
        };
    }

    private static void run(Map<String, Hook> hooks, byte[] path) throws IOException {
        Hook h = hooks.get(Fs.s(path));
        if (h != null) h.run(path);
    }

    @Override
    public Stat lstat(byte[] path) throws IOException {
        run(lstat, path);
        return real.lstat(path);
    }

    @Override
    public List<byte[]> listDir(byte[] path) throws IOException {
        run(listDir, path);
        return real.listDir(path);
    }

    @Override
    public byte[] readlink(byte[] path) throws IOException {
        return real.readlink(path);
    }

    @Override
    public List<byte[][]> xattrs(byte[] path) throws IOException {
        run(xattrs, path);
        return real.xattrs(path);
    }

    @Override
    public OpenFile open(byte[] path) throws IOException {
        run(open, path);
        OpenFile f = real.open(path);
        run(afterOpen, path);
        ReadHook r = read.get(Fs.s(path));
        if (r == null) return f;
        return new OpenFile() {
            @Override public Stat stat() throws IOException { return f.stat(); }

            @Override public int pread(byte[] buf, int off, int len, long position) throws IOException {
                r.run(path, position);
                return f.pread(buf, off, len, position);
            }

            @Override public long seekData(long from) throws IOException { return f.seekData(from); }

            @Override public long seekHole(long from) throws IOException { return f.seekHole(from); }

            @Override public void close() throws IOException { f.close(); }
        };
    }

    @Override
    public String userName(int uid) {
        return real.userName(uid);
    }

    @Override
    public String groupName(int gid) {
        return real.groupName(gid);
    }

    static final int EACCES = Errno.EACCES, EIO = Errno.EIO;
}
