package dev.holdfast.storage;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A decorator for tests that makes another {@link Storage} fail or return corrupted data as
 * programmed, and counts the calls made to it. Faults are checked in the order they were added
 * and the first that matches fires. An injected failure happens before the call reaches the
 * wrapped storage, so a failed put leaves nothing behind, except with
 * {@link #failPutsAfterStoring}, which models a lost acknowledgement. Thread-safe.
 *
 * <pre>{@code
 * var storage = new FaultInjectingStorage(new MemoryStorage())
 *         .failPutsMatching(n -> n.startsWith("index/"), new IOException("injected"))
 *         .corrupt("config", bytes -> { bytes[0] ^= 1; return bytes; });
 * }</pre>
 *
 * <p>The same exception instance is thrown every time its fault fires.
 */
public final class FaultInjectingStorage implements Storage {
    /** The operations of {@link Storage}, for programming faults and reading counters. */
    public enum Op { GET, GET_RANGE, PUT, DELETE, LIST, STAT }

    private final Storage delegate;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Corruption> corruptions = new CopyOnWriteArrayList<>();
    private final AtomicLongArray calls = new AtomicLongArray(Op.values().length);
    private final AtomicLong injected = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile DiskQuota quota;

    public FaultInjectingStorage(Storage delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped storage, for inspecting what really got stored. */
    public Storage delegate() {
        return delegate;
    }

    // ---- programming faults -------------------------------------------------------------------

    /** Every call of one of ops whose name (the prefix, for LIST) matches fails with error. */
    public FaultInjectingStorage fail(Set<Op> ops, Predicate<String> name, IOException error) {
        return add(new Fault(ops, name, error, 0, Fault.FOREVER, false));
    }

    /** The next {@code times} calls of op fail with error; later ones work (a transient fault). */
    public FaultInjectingStorage failNext(Op op, int times, IOException error) {
        return add(new Fault(EnumSet.of(op), n -> true, error, 0, times, false));
    }

    /** The next n puts work; every put after them fails (as if the process died). */
    public FaultInjectingStorage failPutsAfter(int n) {
        IOException error = new IOException("injected fault: put refused after " + n + " puts");
        return add(new Fault(EnumSet.of(Op.PUT), name -> true, error, n, Fault.FOREVER, false));
    }

    /** Every put of a matching name fails with error and stores nothing. */
    public FaultInjectingStorage failPutsMatching(Predicate<String> name, IOException error) {
        return fail(EnumSet.of(Op.PUT), name, error);
    }

    /** Every put of a matching name stores the blob and then fails with error anyway. */
    public FaultInjectingStorage failPutsAfterStoring(Predicate<String> name, IOException error) {
        return add(new Fault(EnumSet.of(Op.PUT), name, error, 0, Fault.FOREVER, true));
    }

    /** Every get and getRange of a matching name fails with error. */
    public FaultInjectingStorage failGetsMatching(Predicate<String> name, IOException error) {
        return fail(EnumSet.of(Op.GET, Op.GET_RANGE), name, error);
    }

    /** Every delete of a matching name fails with error and deletes nothing. */
    public FaultInjectingStorage failDeletesMatching(Predicate<String> name, IOException error) {
        return fail(EnumSet.of(Op.DELETE), name, error);
    }

    /**
     * From now on at most {@code bytes} bytes can be put; a put that would pass the limit fails
     * with "No space left on device" and stores nothing. Deletes give no space back.
     */
    public FaultInjectingStorage noSpaceAfterBytes(long bytes) {
        quota = new DiskQuota(bytes);
        return this;
    }

    /** Reads of name (get and getRange) return corruption applied to a copy of the blob. */
    public FaultInjectingStorage corrupt(String name, Function<byte[], byte[]> corruption) {
        return corruptMatching(name::equals, corruption);
    }

    /** Reads of matching names return corruption applied to a copy of the blob. */
    public FaultInjectingStorage corruptMatching(Predicate<String> name,
            Function<byte[], byte[]> corruption) {
        corruptions.add(new Corruption(name, corruption));
        return this;
    }

    /** Removes every fault, quota and corruption; counters are kept. */
    public FaultInjectingStorage clearFaults() {
        faults.clear();
        corruptions.clear();
        quota = null;
        return this;
    }

    // ---- counters -----------------------------------------------------------------------------

    /** Calls of op made so far, including those that failed. */
    public long calls(Op op) {
        return calls.get(op.ordinal());
    }

    /** Faults injected so far (not counting corruptions). */
    public long injectedFailures() {
        return injected.get();
    }

    /** Bytes of the puts that succeeded. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Bytes returned by get and getRange. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Sets every counter back to zero. */
    public void resetCounters() {
        for (Op op : Op.values()) {
            calls.set(op.ordinal(), 0);
        }
        injected.set(0);
        bytesWritten.set(0);
        bytesRead.set(0);
    }

    // ---- Storage ------------------------------------------------------------------------------

    @Override
    public byte[] get(String name) throws IOException {
        before(Op.GET, name);
        byte[] data = corrupted(name, delegate.get(name));
        bytesRead.addAndGet(data.length);
        return data;
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        before(Op.GET_RANGE, name);
        Corruption c = corruptionOf(name);
        byte[] data;
        if (c == null) {
            data = delegate.getRange(name, offset, length);
        } else {
            Ranges.check(offset, length);
            byte[] whole = c.apply(delegate.get(name));
            if (Ranges.beyondEnd(whole.length, offset, length)) {
                throw Ranges.eof(name, location(), whole.length, offset, length);
            }
            data = new byte[length];
            System.arraycopy(whole, (int) offset, data, 0, length);
        }
        bytesRead.addAndGet(data.length);
        return data;
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        Fault after = before(Op.PUT, name);
        DiskQuota q = quota;
        if (q != null) {
            q.reserve(name, location(), data.length);
        }
        try {
            delegate.put(name, data);
        } catch (IOException | RuntimeException e) {
            if (q != null) {
                q.release(data.length);
            }
            throw e;
        }
        bytesWritten.addAndGet(data.length);
        if (after != null) {
            injected.incrementAndGet();
            throw after.error();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        before(Op.DELETE, name);
        delegate.delete(name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        before(Op.LIST, prefix);
        return delegate.list(prefix);
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        before(Op.STAT, name);
        return delegate.stat(name);
    }

    @Override
    public String location() {
        return delegate.location();
    }

    @Override
    public String deletionsRefused() {
        return delegate.deletionsRefused();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    private FaultInjectingStorage add(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Counts the call and throws the first matching fault; returns a fault to throw after. */
    private Fault before(Op op, String name) throws IOException {
        calls.incrementAndGet(op.ordinal());
        for (Fault f : faults) {
            if (f.fires(op, name)) {
                if (f.afterStoring()) {
                    return f;
                }
                injected.incrementAndGet();
                throw f.error();
            }
        }
        return null;
    }

    private record Corruption(Predicate<String> name, Function<byte[], byte[]> corruption) {
        byte[] apply(byte[] data) {
            return Objects.requireNonNull(corruption.apply(data.clone()), "corruption result");
        }
    }

    private byte[] corrupted(String name, byte[] data) {
        Corruption c = corruptionOf(name);
        return c == null ? data : c.apply(data);
    }

    private Corruption corruptionOf(String name) {
        for (Corruption c : corruptions) {
            if (c.name().test(name)) {
                return c;
            }
        }
        return null;
    }
}
