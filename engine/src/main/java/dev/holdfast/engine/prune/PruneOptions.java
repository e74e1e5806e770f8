package dev.holdfast.engine.prune;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * How to prune.
 *
 * @param maxUnused largest unused share a pack may keep before it is repacked (0.05 = 5%)
 * @param host this machine's name, to recognise sessions and locks of dead local processes
 * @param status progress and notes for the user
 */
public record PruneOptions(boolean dryRun, double maxUnused, String host, Clock clock, Consumer<String> status) {
    public PruneOptions {
        if (!(maxUnused >= 0 && maxUnused <= 1)) throw new IllegalArgumentException("--max-unused must be between 0% and 100%");
    }
}
