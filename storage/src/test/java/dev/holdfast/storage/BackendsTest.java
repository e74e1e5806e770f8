package dev.holdfast.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendsTest {
    @TempDir Path dir;

    @Test
    void schemes() {
        assertEquals("sftp", Backends.scheme("sftp:user@host:/srv/repo"));
        assertEquals("sftp", Backends.scheme("sftp://user@host:2222/srv/repo"));
        assertEquals("s3", Backends.scheme("s3:https://host/bucket/prefix"));
        assertEquals("rest", Backends.scheme("rest:https://host:8443/"));
        assertNull(Backends.scheme("/srv/repo"));
        assertNull(Backends.scheme("relative/dir:with-colon"));
        assertNull(Backends.scheme("a:b"), "a one-letter scheme is a path (drive letter), not a URL");
    }

    @Test
    void localPathsAndFileUrlsOpenLocalStorage() throws Exception {
        Storage s = Backends.open("repo", dir, StorageOptions.ofSystem());
        assertInstanceOf(LocalStorage.class, s);
        assertEquals(dir.resolve("repo").toString(), s.location());
        assertInstanceOf(LocalStorage.class, Backends.open("file:" + dir.resolve("r2"), dir, StorageOptions.ofSystem()));
    }

    /** A misspelt -o setting is refused, not ignored; the decorators' own settings are known. */
    @Test
    void settingsNoBackendReadsAreRefused() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.open("repo", dir,
                new StorageOptions(n -> null, dir, java.util.Map.of("limit-uplaod", "1K"))));
        assertTrue(e.getMessage().contains("-o limit-uplaod") && e.getMessage().contains("limit-upload"), e.getMessage());
        assertInstanceOf(LocalStorage.class, Backends.open("repo", dir, new StorageOptions(n -> null, dir, java.util.Map.of("retries", "2"))));
    }

    @Test
    void unknownSchemeIsNamed() {
        var e = assertThrows(Backends.UnknownSchemeException.class,
                () -> Backends.open("gopher://host/repo", dir, StorageOptions.ofSystem()));
        assertTrue(e.getMessage().contains("'gopher:'"), e.getMessage());
    }

    @Test
    void settingsAddMirrorAndRateLimit() throws Exception {
        var opts = new StorageOptions(n -> null, dir, java.util.Map.of("replicas", "r2, " + dir.resolve("r3"), "limit-upload", "1M"));
        Storage s = Backends.open("r1", dir, opts);
        RateLimitedStorage limited = assertInstanceOf(RateLimitedStorage.class, s);
        s.put("config", new byte[] {1});
        for (String r : java.util.List.of("r1", "r2", "r3")) {
            assertEquals(1, new LocalStorage(dir.resolve(r)).get("config")[0]);
        }
        assertTrue(limited.location().contains(dir.resolve("r2").toString()), limited.location());
        assertThrows(IllegalArgumentException.class, () -> Backends.open("r1", dir,
                new StorageOptions(n -> null, dir, java.util.Map.of("limit-download", "quick"))));
    }
}
