package dev.holdfast.repo.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups blobs that lie back to back in one pack into runs, so each run is fetched with one
 * ranged read. Order is kept: only neighbours in the given list are joined.
 */
public final class BlobRuns {
    private BlobRuns() {}

    /**
     * Runs of at most maxBytes (a single larger blob forms a run of its own) that do not extend
     * past limit (a pack's size, or Long.MAX_VALUE).
     */
    public static List<List<BlobRef>> of(List<BlobRef> blobs, long maxBytes, long limit) {
        List<List<BlobRef>> runs = new ArrayList<>();
        int i = 0;
        while (i < blobs.size()) {
            BlobRef first = blobs.get(i);
            long end = first.offset() + first.length();
            int j = i + 1;
            while (j < blobs.size()) {
                BlobRef next = blobs.get(j);
                long nextEnd = end + next.length();
                if (!next.pack().equals(first.pack()) || next.offset() != end || nextEnd - first.offset() > maxBytes || nextEnd > limit) break;
                end = nextEnd;
                j++;
            }
            runs.add(blobs.subList(i, j));
            i = j;
        }
        return runs;
    }

    /** Bytes from the first blob's offset to the end of the last. */
    public static int span(List<BlobRef> run) {
        BlobRef last = run.getLast();
        return (int) (last.offset() + last.length() - run.getFirst().offset());
    }
}
