package dev.holdfast.repo.pack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.hash.Id;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlobRunsTest {
    private static final Id A = Id.of(new byte[32]), B = Id.of(filled(1));

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) v);
        return b;
    }

    private static BlobRef ref(Id pack, long offset, int length) {
        return new BlobRef(BlobType.DATA, Id.of(filled((int) offset)), pack, offset, length, length, false);
    }

    @Test
    void joinsNeighboursInOnePackWithinTheBounds() {
        List<BlobRef> refs = List.of(ref(A, 4, 10), ref(A, 14, 10), ref(A, 24, 10), // one run
                ref(A, 100, 10),                                                   // gap
                ref(B, 110, 10),                                                   // other pack
                ref(B, 120, 50),                                                   // would exceed maxBytes 40
                ref(B, 170, 5));                                                   // past limit 172 alone
        List<List<BlobRef>> runs = BlobRuns.of(refs, 40, 172);
        assertThat(runs).extracting(List::size).containsExactly(3, 1, 1, 1, 1);
        assertThat(BlobRuns.span(runs.getFirst())).isEqualTo(30);
        assertThat(BlobRuns.span(runs.get(3))).isEqualTo(50); // a blob over maxBytes is a run of its own
    }
}
