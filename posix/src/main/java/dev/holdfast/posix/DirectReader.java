package dev.holdfast.posix;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * A regular file open for reading with O_DIRECT: data goes from the device into the calling
 * thread's aligned buffer ({@link Scratch#direct()}) without passing through the page cache. A
 * backup reads each file once; through the page cache every byte would be copied once more by the
 * kernel and evict the machine's working set (on the benchmark machine that copy and the page
 * cache's bookkeeping cost more system time than the reading itself). Reads of any position and
 * length are served from aligned reads of the buffer's size, so a file read front to back is
 * read from the device exactly once. A file whose pages are mostly in the page cache already
 * (cachestat(2), Linux 6.5+: just written, or in use) is read from there, as is a file on a file
 * system that refuses O_DIRECT (at open or on the first read). Not thread-safe: one thread reads a
 * file at a time.
 */
public final class DirectReader implements AutoCloseable {
    private static final int ALIGN = Scratch.DIRECT_ALIGN;
    /** Beyond the size {@link #stat()} reported (the file grew), reads are this long. */
    private static final int GROWTH_READ = 64 << 10;

    private final int fd;
    /** The size {@link #stat()} last reported: reads are not made longer than the file, which O_DIRECT would pay for. */
    private long size = Long.MAX_VALUE;
    private boolean direct;
    /** The file range [start, end) the thread's buffer holds while this reader owns it. */
    private long start;
    private long end;
    /** The read that filled the buffer ended at end of file. */
    private boolean eof;
    /** Whether the page cache was looked at (once, before the first read). */
    private boolean probed;

    private DirectReader(int fd, boolean direct) {
        this.fd = fd;
        this.direct = direct;
    }

    /** Opens path as {@link Posix#openRead} does, with O_DIRECT where the file system takes it. */
    public static DirectReader open(byte[] path) throws PosixException {
        try {
            return new DirectReader(LongPaths.at(path, "open", Io::openReadDirect), true);
        } catch (PosixException e) {
            if (e.errno() != Errno.EINVAL) throw e;
            return new DirectReader(Posix.openRead(path), false);
        }
    }

    /** fstat(2); the size it reports bounds later reads. */
    public Stat stat() throws PosixException {
        Stat st = Posix.fstat(fd);
        size = st.size();
        return st;
    }

    public int fd() { return fd; }

    /** Whether reads bypass the page cache. */
    public boolean direct() { return direct; }

    /** Like {@link Posix#pread}: up to len bytes at position, fewer at the end of the buffer, 0 at end of file. */
    public int pread(byte[] buf, int off, int len, long position) throws PosixException {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (len == 0) return 0;
        if (!direct) return Posix.pread(fd, buf, off, len, position);
        Scratch s = Scratch.get();
        boolean held = s.directOwner == this;
        if (!held || position < start || position >= end) {
            if (held && eof && position >= end) return 0;
            if (!fill(s, position, len)) return Posix.pread(fd, buf, off, len, position);
            if (position >= end) return 0;
        }
        int n = (int) Math.min(len, end - position);
        MemorySegment.copy(s.direct(), JAVA_BYTE, position - start, buf, off, n);
        return n;
    }

    /** Reads the aligned range around [position, position+len) into the buffer; false when O_DIRECT had to be given up. */
    private boolean fill(Scratch s, long position, int len) throws PosixException {
        if (!probed) {
            probed = true;
            if (mostlyCached()) return giveUpDirect();
        }
        long from = position & -ALIGN;
        long want = Math.min(alignUp(position + len) - from, Scratch.DIRECT_SIZE);
        long sized = size == Long.MAX_VALUE ? want : alignUp(size) - from;
        want = Math.min(want, sized > 0 ? sized : GROWTH_READ);
        s.directOwner = null;
        long n = Io.preadNative(fd, s.direct().asSlice(0, want), from);
        if (n == -Errno.EINVAL) return giveUpDirect(); // alignment the device does not accept, or a file system that refuses on read
        if (n < 0) throw Errors.ofFd("pread", (int) -n, fd);
        s.directOwner = this;
        start = from;
        end = from + n;
        eof = n < want;
        return true;
    }

    /** Clears O_DIRECT: the file is read through the page cache from here on. Returns false, for {@link #fill}. */
    private boolean giveUpDirect() throws PosixException {
        Io.clearDirect(fd);
        direct = false;
        return false;
    }

    /** At least half of the file's (4 KiB) pages are in the page cache (unknown size or kernel: no). */
    private boolean mostlyCached() {
        if (size == Long.MAX_VALUE || size == 0) return false;
        long cached = Io.cachedPages(fd);
        return cached >= 0 && cached * 2 >= (size + 4095) / 4096;
    }

    private static long alignUp(long v) {
        return (v + ALIGN - 1) & -ALIGN;
    }

    @Override
    public void close() throws PosixException {
        Scratch s = Scratch.get();
        if (s.directOwner == this) s.directOwner = null;
        Posix.close(fd);
    }
}
