package dev.holdfast.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Known answers for the keyed chunk id (HMAC-SHA256) and the plain SHA-256 file names. */
class HashesTest {
    private static final byte[] KEY32 = new byte[32];

    static {
        for (int i = 0; i < 32; i++) KEY32[i] = (byte) i;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hmacRfc4231TestCase2() {
        Hashes h = new Hashes(ascii("Jefe"));
        assertThat(h.id(ascii("what do ya want for nothing?")).hex())
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void hmacWithA32ByteKey() {
        // openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f <<< -n abc
        Hashes h = new Hashes(KEY32);
        assertThat(h.id(ascii("abc")).hex()).isEqualTo("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
    }

    @Test
    void idOfASliceEqualsIdOfTheCopy() {
        Hashes h = new Hashes(KEY32);
        byte[] buf = ascii("xxabcyy");
        assertThat(h.id(buf, 2, 3)).isEqualTo(h.id(ascii("abc")));
        assertThat(h.id(buf, 2, 3).hex()).isEqualTo("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
    }

    @Test
    void repeatedCallsGiveTheSameIdAndTheKeyMatters() {
        Hashes h = new Hashes(KEY32);
        Id first = h.id(ascii("abc"));
        assertThat(h.id(ascii("abc"))).isEqualTo(first);
        byte[] other = KEY32.clone();
        other[0] = 1;
        assertThat(new Hashes(other).id(ascii("abc"))).isNotEqualTo(first);
        assertThat(h.id(ascii("abd"))).isNotEqualTo(first);
    }

    @Test
    void keyIsCopied() {
        byte[] key = KEY32.clone();
        Hashes h = new Hashes(key);
        Arrays.fill(key, (byte) 0xff);
        assertThat(h.id(ascii("abc")).hex()).isEqualTo("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47");
    }

    @Test
    void sha256KnownAnswers() {
        assertThat(Hashes.sha256(ascii("abc")).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.sha256(new byte[0]).hex())
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hashes.sha256(ascii("--abc--"), 2, 3).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void idsAreConsistentAcrossThreads() throws Exception {
        Hashes h = new Hashes(KEY32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        if (!h.id(ascii("abc")).hex().equals("f0133729c4163dede81e21cd47839256da58171238c8a0d874397c73b14e1e47")) return false;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
