package dev.holdfast.repo.index;

import dev.holdfast.hash.Id;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The in-memory index: (type, id) to where the blob lies, in flat primitive arrays with an
 * open-addressing table, so each blob costs about 64 bytes of heap (32 id, 17 location, 8-16
 * table) and no object. Packs are numbered once. Thread-safe: lookups, which many backup threads
 * make at once, take no lock unless an addition is under way (optimistic reads of a
 * {@link StampedLock}).
 *
 * <p>Packs named by a deletion marker are "doomed": a blob found there is still readable, but does
 * not count for deduplication ({@link #containsLive}), and a copy in another pack replaces it.
 */
public final class ChunkIndex {
    private static final int COMPRESSED = 0x80;
    private final List<Id> packs = new ArrayList<>();
    private final Map<Id, Integer> packNumbers = new HashMap<>();
    private byte[] ids = new byte[Id.SIZE * 1024];
    private int[] pack = new int[1024], length = new int[1024], raw = new int[1024];
    private long[] offset = new long[1024];
    private byte[] flags = new byte[1024];
    private int[] table = new int[2048];
    private int size;
    private final Set<Id> doomed;
    private final BitSet doomedNumbers = new BitSet();
    private final StampedLock lock = new StampedLock();

    public ChunkIndex() {
        this(Set.of());
    }

    /** An index in which blobs of the doomed packs do not count for deduplication. */
    public ChunkIndex(Set<Id> doomed) {
        this.doomed = Set.copyOf(doomed);
    }

    /** Adds a blob; a blob already present keeps its first location, unless that one is in a doomed pack and this one is not. */
    public void add(BlobRef b) {
        long stamp = lock.writeLock();
        try {
            addLocked(b);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void addLocked(BlobRef b) {
        int found = find(b.type(), b.id());
        if (found >= 0) {
            if (doomedNumbers.get(pack[found]) && !doomed.contains(b.pack())) place(found, b);
            return;
        }
        if (size == flags.length) grow();
        int e = size++;
        b.id().copyTo(ids, e * Id.SIZE);
        place(e, b);
        flags[e] = (byte) (b.type().code() | (b.compressed() ? COMPRESSED : 0));
        if (size * 2 > table.length) rehash(table.length * 2);
        else insert(e);
    }

    private void place(int e, BlobRef b) {
        pack[e] = packNumbers.computeIfAbsent(b.pack(), p -> {
            packs.add(p);
            if (doomed.contains(p)) doomedNumbers.set(packs.size() - 1);
            return packs.size() - 1;
        });
        offset[e] = b.offset();
        length[e] = b.length();
        raw[e] = b.rawLength();
        flags[e] = (byte) (b.type().code() | (b.compressed() ? COMPRESSED : 0));
    }

    public BlobRef get(BlobType type, Id id) {
        return read(() -> {
            int e = find(type, id);
            return e < 0 ? null : ref(e);
        });
    }

    public boolean contains(BlobType type, Id id) {
        return read(() -> find(type, id) >= 0);
    }

    /** True when the blob is indexed in a pack that is not doomed: a backup may deduplicate against it. */
    public boolean containsLive(BlobType type, Id id) {
        return read(() -> {
            int e = find(type, id);
            return e >= 0 && !doomedNumbers.get(pack[e]);
        });
    }

    /** The packs any blob was located in when it was added (a copy of the list). */
    public List<Id> packs() {
        return read(() -> List.copyOf(packs));
    }

    /** True when some indexed blob lies in this pack. */
    public boolean hasPack(Id pack) {
        return read(() -> packNumbers.containsKey(pack));
    }

    public int size() {
        return read(() -> size);
    }

    public int packCount() {
        return read(packs::size);
    }

    /**
     * A lookup without locking, valid when no addition ran meanwhile (one that did may make it
     * fail or see a half-updated table: it is then repeated under the read lock).
     */
    private <T> T read(java.util.function.Supplier<T> lookup) {
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                T result = lookup.get();
                if (lock.validate(stamp)) return result;
            } catch (RuntimeException torn) {
                // an addition was under way; fall through
            }
        }
        stamp = lock.readLock();
        try {
            return lookup.get();
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** Every blob, in insertion order. */
    public void forEach(Consumer<BlobRef> action) {
        long stamp = lock.readLock();
        try {
            for (int e = 0; e < size; e++) action.accept(ref(e));
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private BlobRef ref(int e) {
        int f = flags[e] & 0xFF;
        return new BlobRef(BlobType.of(f & 0x7F), Id.of(ids, e * Id.SIZE), packs.get(pack[e]), offset[e], length[e], raw[e], (f & COMPRESSED) != 0);
    }

    private int slot(BlobType type, Id id) {
        return (id.hashCode() * 31 + type.code()) & (table.length - 1);
    }

    private int find(BlobType type, Id id) {
        for (int s = slot(type, id); ; s = (s + 1) & (table.length - 1)) {
            int e = table[s] - 1;
            if (e < 0) return -1;
            if ((flags[e] & 0x7F) == type.code() && matches(e, id)) return e;
        }
    }

    private boolean matches(int e, Id id) {
        int base = e * Id.SIZE;
        for (int i = 0; i < Id.SIZE; i++) if (ids[base + i] != id.get(i)) return false;
        return true;
    }

    private void insert(int e) {
        Id id = Id.of(ids, e * Id.SIZE);
        int s = slot(BlobType.of(flags[e] & 0x7F), id);
        while (table[s] != 0) s = (s + 1) & (table.length - 1);
        table[s] = e + 1;
    }

    private void grow() {
        int n = flags.length * 2;
        ids = Arrays.copyOf(ids, n * Id.SIZE);
        pack = Arrays.copyOf(pack, n);
        offset = Arrays.copyOf(offset, n);
        length = Arrays.copyOf(length, n);
        raw = Arrays.copyOf(raw, n);
        flags = Arrays.copyOf(flags, n);
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int e = 0; e < size; e++) insert(e);
    }
}
