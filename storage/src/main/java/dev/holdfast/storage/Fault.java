package dev.holdfast.storage;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One programmed failure of a {@link FaultInjectingStorage}: which operations and names it
 * applies to, how many matching calls it lets through first, how many it fails, and whether it
 * fails before the call reaches the wrapped storage or after (a lost acknowledgement).
 */
final class Fault {
    static final long FOREVER = Long.MAX_VALUE;

    private final Set<FaultInjectingStorage.Op> ops;
    private final Predicate<String> name;
    private final IOException error;
    private final AtomicLong skip;
    private final AtomicLong remaining;
    private final boolean afterStoring;

    Fault(Set<FaultInjectingStorage.Op> ops, Predicate<String> name, IOException error, long skip,
            long times, boolean afterStoring) {
        if (skip < 0 || times < 0) {
            throw new IllegalArgumentException("negative count: skip " + skip + ", times " + times);
        }
        this.ops = EnumSet.copyOf(ops);
        this.name = Objects.requireNonNull(name, "name");
        this.error = Objects.requireNonNull(error, "error");
        this.skip = new AtomicLong(skip);
        this.remaining = new AtomicLong(times);
        this.afterStoring = afterStoring;
    }

    /** True if this call must fail; counts the call against the fault's limits. */
    boolean fires(FaultInjectingStorage.Op op, String callName) {
        if (!ops.contains(op) || !name.test(callName)) {
            return false;
        }
        if (skip.get() > 0 && skip.getAndDecrement() > 0) {
            return false;
        }
        if (remaining.get() == FOREVER) {
            return true;
        }
        return remaining.getAndUpdate(r -> r > 0 ? r - 1 : 0) > 0;
    }

    IOException error() {
        return error;
    }

    boolean afterStoring() {
        return afterStoring;
    }
}
