package dev.holdfast.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GearTableTest {

    /** Pinned by the format: HMAC-SHA256(00..1f, "holdfast-gear" || 00000000) and block 63. */
    @Test
    void knownAnswerEntries() {
        long[] g = GearTable.derive(ChunkTestData.secret());
        assertThat(g).hasSize(256);
        assertThat(g[0]).isEqualTo(0xc996aa6b6e229e84L);
        assertThat(g[1]).isEqualTo(0x8b3ce7648f26a672L);
        assertThat(g[2]).isEqualTo(0x5b4ff6604c3d525dL);
        assertThat(g[3]).isEqualTo(0x216cc57d96ba5a65L);
        assertThat(g[252]).isEqualTo(0x312fa15111ba2f4fL);
        assertThat(g[254]).isEqualTo(0xc983e8591108632aL);
        assertThat(g[255]).isEqualTo(0x02aa7c6db60b3a73L);
    }

    @Test
    void isDeterministicAndKeyed() {
        long[] a = GearTable.derive(ChunkTestData.secret());
        assertThat(GearTable.derive(ChunkTestData.secret())).isEqualTo(a);
        long[] b = GearTable.derive(ChunkTestData.secret(1));
        for (int i = 0; i < 256; i++) assertThat(b[i]).isNotEqualTo(a[i]);
        assertThat(Arrays.stream(a).distinct().count()).isEqualTo(256);
    }

    @Test
    void doesNotKeepOrChangeTheSecret() {
        byte[] s = ChunkTestData.secret();
        long[] a = GearTable.derive(s);
        assertThat(s).isEqualTo(ChunkTestData.secret());
        a[0] = 0;
        assertThat(GearTable.derive(s)[0]).isEqualTo(0xc996aa6b6e229e84L);
    }

    @Test
    void rejectsSecretsOfTheWrongLength() {
        assertThatThrownBy(() -> GearTable.derive(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GearTable.derive(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GearTable.derive(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FastCdc(ChunkerParams.DEFAULT, new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
