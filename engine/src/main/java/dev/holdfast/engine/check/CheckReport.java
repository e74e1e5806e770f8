package dev.holdfast.engine.check;

import java.util.List;

/**
 * What check found: errors (each naming the pack, index file, snapshot or file concerned) and
 * notes that are not errors (such as packs an interrupted backup left for prune).
 */
public record CheckReport(List<String> errors, List<String> notes, long snapshots, long trees, long packs,
                          long packsRead, long bytesRead) {
    public boolean ok() {
        return errors.isEmpty();
    }
}
