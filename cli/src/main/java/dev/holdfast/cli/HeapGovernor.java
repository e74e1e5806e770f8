package dev.holdfast.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * Keeps the resident memory of a long command near its live data. The serial collector grows the
 * old generation to hold whatever was promoted, garbage included, until the heap limit, and only
 * then collects it; buffers in flight when a young collection runs are promoted and die soon after,
 * so a backup's heap would drift up to hundreds of MiB while it holds fifty. Instead, when the old
 * generation has grown {@link #HEADROOM} past what was live after the last full collection, a full
 * collection runs (tens of milliseconds for such a live set), and the heap shrinks back
 * ({@code MaxHeapFreeRatio} in the launcher).
 */
final class HeapGovernor {
    static final long HEADROOM = 24L << 20;

    private HeapGovernor() {}

    /** Starts watching the old generation; does nothing on a collector without a usage threshold. */
    static void start() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isUsageThresholdSupported()) {
                continue;
            }
            if (!pool.getName().contains("Tenured") && !pool.getName().contains("Old")) continue;
            pool.setUsageThreshold(Math.max(pool.getUsage().getUsed(), 16L << 20) + HEADROOM);
            NotificationEmitter emitter = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
            emitter.addNotificationListener((n, handback) -> {
                if (!MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType())) return;
                System.gc();
                pool.setUsageThreshold(pool.getUsage().getUsed() + HEADROOM);
            }, null, null);
            return;
        }
    }
}
