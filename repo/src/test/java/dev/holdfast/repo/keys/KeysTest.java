package dev.holdfast.repo.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.hash.Hashes;
import dev.holdfast.repo.WrongPasswordException;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final KdfParams FAST = new KdfParams(1024, 8, 1);
    private final MemoryStorage storage = new MemoryStorage();
    private final Keys keys = new Keys(storage);
    private final MasterKey master = MasterKey.generate(new SecureRandom());

    private static byte[] pw(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Stores a key file with cheap scrypt parameters, as Keys.add would, and returns its id. */
    private String addFast(String password) throws Exception {
        byte[] bytes = KeyFile.create(pw(password), master, FAST, "2025-01-01T00:00:00Z", "h", "u", new SecureRandom()).toBytes();
        String id = Hashes.sha256(bytes).hex();
        storage.put(Keys.PREFIX + id, bytes);
        return id;
    }

    @Test
    void addStoresAKeyFileNamedByItsHashAndUnlocks() throws Exception {
        // the only Keys.add in this class: it runs scrypt with the default parameters
        String id = keys.add(pw("first"), master, "2025-01-01T00:00:00Z", "host", "user");
        assertThat(storage.list(Keys.PREFIX)).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("keys/" + id));
        assertThat(Hashes.sha256(storage.get("keys/" + id)).hex()).isEqualTo(id);
        assertThat(keys.list()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(id);
            assertThat(e.file().host()).isEqualTo("host");
            assertThat(e.file().n()).isEqualTo(KdfParams.forNewKeys().n());
        });
        Keys.Unlocked u = keys.unlock(pw("first"));
        assertThat(u.keyId()).isEqualTo(id);
        assertThat(u.master().encode()).isEqualTo(master.encode());
    }

    @Test
    void unlockTriesEveryKeyFile() throws Exception {
        String a = addFast("alpha"), b = addFast("beta"), c = addFast("gamma");
        assertThat(keys.list()).extracting(Keys.Entry::id).containsExactlyInAnyOrder(a, b, c);
        assertThat(keys.unlock(pw("alpha")).keyId()).isEqualTo(a);
        assertThat(keys.unlock(pw("beta")).keyId()).isEqualTo(b);
        assertThat(keys.unlock(pw("gamma")).keyId()).isEqualTo(c);
        assertThat(keys.unlock(pw("gamma")).master().encode()).isEqualTo(master.encode());
    }

    @Test
    void wrongPasswordWhenNoneOpens() throws Exception {
        addFast("alpha");
        addFast("beta");
        assertThatThrownBy(() -> keys.unlock(pw("delta"))).isInstanceOf(WrongPasswordException.class)
                .hasMessageContaining("none of the 2 key files").hasMessageContaining(storage.location());
    }

    @Test
    void wrongPasswordWhenThereAreNoKeys() {
        assertThatThrownBy(() -> keys.unlock(pw("x"))).isInstanceOf(WrongPasswordException.class)
                .hasMessageContaining("none of the 0 key files");
    }

    @Test
    void removeRefusesTheCurrentKey() throws Exception {
        String a = addFast("alpha"), b = addFast("beta");
        String current = keys.unlock(pw("alpha")).keyId();
        assertThat(current).isEqualTo(a);
        assertThatThrownBy(() -> keys.remove(a, current)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to remove key " + a.substring(0, 8));
        assertThatThrownBy(() -> keys.remove(a.substring(0, 10), current)).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.list(Keys.PREFIX)).hasSize(2);
        keys.remove(b.substring(0, 12), current);
        assertThat(keys.list()).extracting(Keys.Entry::id).containsExactly(a);
        assertThatThrownBy(() -> keys.unlock(pw("beta"))).isInstanceOf(WrongPasswordException.class);
        assertThat(keys.unlock(pw("alpha")).keyId()).isEqualTo(a);
    }

    @Test
    void resolveByPrefix() throws Exception {
        String a = addFast("alpha");
        assertThat(keys.resolve(a)).isEqualTo(a);
        assertThat(keys.resolve(a.substring(0, 4))).isEqualTo(a);
        assertThat(keys.resolve("")).isEqualTo(a);
        addFast("beta");
        assertThatThrownBy(() -> keys.resolve("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguous");
        assertThatThrownBy(() -> keys.resolve("zz")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no key file");
        assertThatThrownBy(() -> keys.remove("zz", a)).isInstanceOf(IllegalArgumentException.class);
        // removing takes at least 4 hex digits, as snapshot ids do, and says which key went
        assertThatThrownBy(() -> keys.remove(a.substring(0, 3), "none")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 4 hex digits");
        assertThat(keys.remove(a.substring(0, 4).toUpperCase(), "none")).isEqualTo(a);
    }

    @Test
    void aKeyFileWithBadScryptParametersIsAFormatException() throws Exception {
        addFast("alpha");
        byte[] bad = new String(KeyFile.create(pw("x"), master, FAST, null, null, null, new SecureRandom()).toBytes(),
                StandardCharsets.UTF_8).replace("\"n\" : 1024", "\"n\" : 1000").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(bad, StandardCharsets.UTF_8)).contains("\"n\" : 1000");
        storage.put("keys/ffff", bad);
        assertThatThrownBy(keys::list).isInstanceOf(FormatException.class).hasMessageStartingWith("keys/ffff: ");
        // unlock may skip the bad file or report it, but must not fail with an unchecked exception
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> keys.unlock(pw("alpha")));
        if (t != null) assertThat(t).isInstanceOf(FormatException.class).hasMessageStartingWith("keys/ffff: ");
    }

    @Test
    void aGarbageKeyFileIsNamedInTheError() throws Exception {
        addFast("alpha");
        storage.put("keys/0000", "garbage".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(keys::list).isInstanceOf(FormatException.class).hasMessageStartingWith("keys/0000: ");
    }
}
