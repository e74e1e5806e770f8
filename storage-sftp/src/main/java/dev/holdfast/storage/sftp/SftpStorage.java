package dev.holdfast.storage.sftp;

import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.NameRules;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.PermanentException;
import dev.holdfast.storage.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHFsyncExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.impl.AbstractSftpClient;
import org.apache.sshd.sftp.client.impl.SftpInputStreamAsync;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * A {@link Storage} in a directory on an SFTP server, laid out as {@code LocalStorage} lays out a
 * local one (blob {@code a/b} is the file {@code root/a/b}). A put writes {@code root/tmp/<random>},
 * fsyncs it (fsync@openssh.com) and renames it onto the final name (posix-rename@openssh.com,
 * which replaces atomically), so a reader never sees part of a blob and a dropped connection
 * leaves at worst a stray file under tmp/, which {@link #list} never shows. Reads and writes
 * are pipelined (several requests in flight per channel).
 */
final class SftpStorage implements Storage {
    private static final int IO_BUFFER = 64 << 10;

    private final SftpLocation loc;
    private final SftpPool pool;
    private final String root;

    SftpStorage(SftpLocation loc, SftpPool pool) {
        this.loc = loc;
        this.pool = pool;
        this.root = loc.path();
    }

    @Override
    public String location() {
        return loc.text();
    }

    private String path(String name) {
        return root + "/" + NameRules.check(name);
    }

    @Override
    public byte[] get(String name) throws IOException {
        String p = path(name);
        return call("reading", name, sftp -> read(sftp, p, name, 0, -1));
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        String p = path(name);
        return call("reading", name, sftp -> read(sftp, p, name, offset, length));
    }

    /**
     * Reads [offset, offset + length) of the file (length -1: all of it). The size comes from the
     * open handle, so a concurrent rename onto the name cannot mix two versions.
     */
    private byte[] read(SftpClient sftp, String p, String name, long offset, int length) throws IOException {
        SftpClient.CloseableHandle h;
        try {
            h = sftp.open(p, OpenMode.Read);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) throw notFound(name);
            throw e;
        }
        try (h) {
            SftpClient.Attributes a = sftp.stat(h);
            if (!a.isRegularFile()) throw notFound(name);
            long size = a.getSize();
            if (length < 0 && size > Integer.MAX_VALUE - 16) {
                throw new IOException("file " + name + " of " + size + " bytes is too large for one read");
            }
            int len = length < 0 ? (int) size : length;
            if (offset > size - len) {
                throw new ShortBlobException("file " + name + " in " + loc.text() + " is " + size + " bytes, cannot read " + len
                        + " bytes at offset " + offset);
            }
            byte[] out = new byte[len];
            if (len == 0) return out;
            try (InputStream in = new SftpInputStreamAsync((AbstractSftpClient) sftp, IO_BUFFER, offset, len, p, h, false)) {
                if (in.readNBytes(out, 0, len) < len) {
                    throw new ShortBlobException("file " + name + " in " + loc.text() + " shrank below " + size + " bytes while being read");
                }
            }
            return out;
        }
    }

    /** The size of the regular file at p. @throws NotFoundException if there is none */
    private long regularSize(SftpClient sftp, String name, String p) throws IOException {
        SftpClient.Attributes a;
        try {
            a = sftp.stat(p);
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) throw notFound(name);
            throw e;
        }
        if (!a.isRegularFile()) throw notFound(name);
        return a.getSize();
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        put(name, Objects.requireNonNull(data, "data"), data.length);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        String p = path(name);
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(0, length, data.length);
        call("writing", name, sftp -> {
            store(sftp, p, out -> out.write(data, 0, length));
            return null;
        });
    }

    /** Streams the file to the server; the local file is removed once the blob is in place and kept for a retry otherwise. */
    @Override
    public void putFile(String name, Path file) throws IOException {
        String p = path(name);
        call("writing", name, sftp -> {
            store(sftp, p, out -> {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
            });
            return null;
        });
        Files.delete(file);
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private void store(SftpClient sftp, String p, Writer writer) throws IOException {
        String temp = root + "/" + NameRules.RESERVED + "/" + UUID.randomUUID();
        boolean placed = false;
        try {
            SftpClient.CloseableHandle h = openForWrite(sftp, temp);
            try (h) {
                try (OutputStream out = new SftpOutputStreamAsync((AbstractSftpClient) sftp, IO_BUFFER, temp, h, false)) {
                    writer.write(out);
                }
                OpenSSHFsyncExtension fsync = sftp.getExtension(OpenSSHFsyncExtension.class);
                if (fsync.isSupported()) fsync.fsync(h);
            }
            rename(sftp, temp, p);
            placed = true;
        } finally {
            if (!placed) removeQuietly(sftp, temp);
        }
    }

    private SftpClient.CloseableHandle openForWrite(SftpClient sftp, String temp) throws IOException {
        EnumSet<OpenMode> modes = EnumSet.of(OpenMode.Write, OpenMode.Create, OpenMode.Exclusive);
        try {
            return sftp.open(temp, modes);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw e;
            mkdirs(sftp, temp.substring(0, temp.lastIndexOf('/')));
            return sftp.open(temp, modes);
        }
    }

    private void rename(SftpClient sftp, String from, String to) throws IOException {
        try {
            renameOnce(sftp, from, to);
        } catch (SftpException e) {
            if (e.getStatus() != SftpConstants.SSH_FX_NO_SUCH_FILE) throw e;
            mkdirs(sftp, to.substring(0, to.lastIndexOf('/')));
            renameOnce(sftp, from, to);
        }
    }

    private static void renameOnce(SftpClient sftp, String from, String to) throws IOException {
        OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        if (posix.isSupported()) {
            posix.posixRename(from, to);
        } else {
            sftp.rename(from, to, SftpClient.CopyMode.Overwrite);
        }
    }

    /** Creates dir and its missing parents (another writer may create them at the same time). */
    private void mkdirs(SftpClient sftp, String dir) throws IOException {
        List<String> missing = new ArrayList<>();
        String d = dir;
        while (d.length() > 1 && !isDirectory(sftp, d)) {
            missing.add(d);
            d = d.substring(0, Math.max(d.lastIndexOf('/'), 1));
            if (!d.contains("/")) break;
        }
        for (String m : missing.reversed()) {
            try {
                sftp.mkdir(m);
            } catch (SftpException e) {
                if (!isDirectory(sftp, m)) throw e;
            }
        }
    }

    private static boolean isDirectory(SftpClient sftp, String p) throws IOException {
        try {
            return sftp.stat(p).isDirectory();
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return false;
            throw e;
        }
    }

    private static void removeQuietly(SftpClient sftp, String p) {
        try {
            if (sftp.isOpen()) sftp.remove(p);
        } catch (IOException ignored) {
            // The temporary file may not exist; a stale one is never listed.
        }
    }

    @Override
    public void delete(String name) throws IOException {
        String p = path(name);
        call("deleting", name, sftp -> {
            regularSize(sftp, name, p);
            try {
                sftp.remove(p);
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) throw notFound(name);
                throw e;
            }
            return null;
        });
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        if (NameRules.isReservedPrefix(prefix)) return List.of();
        int slash = prefix.lastIndexOf('/');
        String dir = slash < 0 ? "" : prefix.substring(0, slash + 1);
        String leaf = prefix.substring(slash + 1);
        List<BlobInfo> out = new ArrayList<>();
        call("listing", prefix.isEmpty() ? "the repository" : prefix + "*", sftp -> {
            walk(sftp, dir, leaf, out);
            return null;
        });
        out.sort(Comparator.comparing(BlobInfo::name));
        return out;
    }

    /** Adds the regular files under root/dir whose entry name starts with leaf, recursively. */
    private void walk(SftpClient sftp, String dir, String leaf, List<BlobInfo> out) throws IOException {
        List<SftpClient.DirEntry> entries = new ArrayList<>();
        SftpClient.CloseableHandle h;
        try {
            h = sftp.openDir(dir.isEmpty() ? root : root + "/" + dir.substring(0, dir.length() - 1));
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return;
            throw e;
        }
        try (h) {
            for (List<SftpClient.DirEntry> page = sftp.readDir(h); page != null; page = sftp.readDir(h)) entries.addAll(page);
        }
        List<String> subdirs = new ArrayList<>();
        for (SftpClient.DirEntry e : entries) {
            String n = e.getFilename();
            if (n.equals(".") || n.equals("..") || !n.startsWith(leaf)) continue;
            if (dir.isEmpty() && n.equals(NameRules.RESERVED)) continue;
            String name = dir + n;
            if (e.getAttributes().isDirectory()) {
                subdirs.add(name + "/");
            } else if (e.getAttributes().isRegularFile() && NameRules.isValid(name)) {
                out.add(new BlobInfo(name, e.getAttributes().getSize()));
            }
        }
        for (String d : subdirs) walk(sftp, d, "", out);
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        String p = path(name);
        return call("reading", name, sftp -> {
            try {
                SftpClient.Attributes a = sftp.stat(p);
                return a.isRegularFile() ? Optional.of(new BlobInfo(name, a.getSize())) : Optional.empty();
            } catch (SftpException e) {
                if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) return Optional.empty();
                throw e;
            }
        });
    }

    /** Runs op on a pooled channel; server errors are named with the blob and location. */
    private <T> T call(String doing, String name, SftpPool.Op<T> op) throws IOException {
        try {
            return pool.call(op);
        } catch (NotFoundException | ShortBlobException | PermanentException e) {
            throw e;
        } catch (SftpException e) {
            String msg = doing + " " + name + " in " + loc.text() + ": " + e.getMessage();
            if (e.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED) throw new PermanentException(msg + " (permission denied)", e);
            throw new IOException(msg, e);
        } catch (IOException e) {
            throw new IOException(doing + " " + name + " in " + loc.text() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A blob shorter than the range asked for: the storage contract's EOFException. MINA also
     * throws EOFException when a connection closes; that one is a transient failure, named with
     * the blob and retried, so ours has a class of its own.
     */
    static final class ShortBlobException extends EOFException {
        ShortBlobException(String message) {
            super(message);
        }
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("file " + name + " not found in " + loc.text());
    }

    @Override
    public void close() throws IOException {
        pool.close();
    }
}
