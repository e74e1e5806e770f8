package dev.holdfast.repo.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.crypto.Aead;
import dev.holdfast.hash.Id;
import dev.holdfast.repo.index.ChunkIndex;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.pack.BlobRef;
import dev.holdfast.repo.pack.BlobType;
import dev.holdfast.storage.MemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The files of the deletion protocol (markers, sessions, locks, protection) and the doomed-pack index. */
class DeletionProtocolFilesTest {
    private final MemoryStorage storage = new MemoryStorage();
    private final Aead aead = new Aead(new byte[32]);
    private final Owner me = Owner.current("here");

    private static Id id(int n) {
        byte[] b = new byte[32];
        b[0] = (byte) n;
        return Id.of(b);
    }

    @Test
    void aMarkerIsWrittenUnarmedThenArmedAndReadBack() throws Exception {
        DeletionMarker m = new DeletionMarker("m1", "2026-01-01T00:00:00Z", me, List.of(id(1), id(2)), null);
        m.write(storage, aead);
        assertThat(DeletionMarker.list(storage, aead)).singleElement().satisfies(x -> assertThat(x.armed()).isFalse());
        m.arm(List.of("s1")).write(storage, aead);
        DeletionMarker read = DeletionMarker.list(storage, aead).getFirst();
        assertThat(read).isEqualTo(m.arm(List.of("s1")));
        assertThat(DeletionMarker.doomedPacks(List.of(read))).containsExactlyInAnyOrder(id(1), id(2));
        byte[] f = storage.get("deletions/m1");
        f[f.length - 1] ^= 1;
        storage.put("deletions/m1", f);
        assertThatThrownBy(() -> DeletionMarker.list(storage, aead)).isInstanceOf(FormatException.class).hasMessageContaining("deletions/m1");
        read.delete(storage);
        read.delete(storage);
        assertThat(DeletionMarker.list(storage, aead)).isEmpty();
    }

    @Test
    void sessionsAreAliveUntilDoneOrTheirProcessIsGoneOrTheyGoStale() throws Exception {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        BackupSession running = BackupSession.start(storage, aead, me, clock);
        BackupSession ended = BackupSession.start(storage, aead, me, clock);
        ended.finish();
        Sessions.write(storage, aead, "dead", "0", new Owner("here", Long.MAX_VALUE - 1, 1, Owner.PID_SPACE), now);
        Sessions.write(storage, aead, "remote", "0", new Owner("elsewhere", 1, 1, "other-boot ns"), now.minus(Duration.ofMinutes(5)));
        Sessions.write(storage, aead, "remote-stale", "0", new Owner("elsewhere", 1, 1, "other-boot ns"), now.minus(Sessions.STALE_AFTER));
        // the same host name in another pid space (another machine given --host here, or a container):
        // its pid says nothing here, so only its age counts
        Sessions.write(storage, aead, "same-name", "0", new Owner("here", Long.MAX_VALUE - 1, 1, "other-boot ns"), now.minus(Duration.ofMinutes(5)));
        // written before owners recorded their pid space
        Sessions.write(storage, aead, "old", "0", new Owner("here", Long.MAX_VALUE - 1, 1, ""), now.minus(Duration.ofMinutes(5)));
        Map<String, Sessions.Session> all = Sessions.list(storage, aead);
        assertThat(all).hasSize(7);
        assertThat(all.get(running.id()).alive(now)).isTrue();
        assertThat(all.get(ended.id()).alive(now)).isFalse();
        assertThat(all.get("dead").alive(now)).isFalse();
        assertThat(all.get("remote").alive(now)).isTrue();
        assertThat(all.get("remote-stale").alive(now)).isFalse();
        assertThat(all.get("same-name").alive(now)).isTrue();
        assertThat(all.get("old").alive(now)).isTrue();
        running.beat();
        assertThat(Sessions.list(storage, aead).get(running.id()).files()).hasSize(2);
        assertThat(running.pausedTooLong()).isFalse();
        running.close();
        assertThat(Sessions.list(storage, aead).get(running.id()).done()).isTrue();
    }

    @Test
    void aBackupKnowsWhenItWentWithoutAHeartbeatForTooLong() throws Exception {
        Instant[] now = {Instant.parse("2026-01-01T12:00:00Z")};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        try (BackupSession s = BackupSession.start(storage, aead, me, clock)) {
            now[0] = now[0].plus(Sessions.STALE_AFTER.minusMinutes(1));
            assertThat(s.pausedTooLong()).isFalse();
            s.beat();
            now[0] = now[0].plus(Sessions.STALE_AFTER);
            assertThat(s.pausedTooLong()).isTrue();
            s.beat();
            assertThat(s.pausedTooLong()).as("a gap once too long stays remembered").isTrue();
        }
    }

    @Test
    void aSecondLockIsRefusedAndReleasedLocksAreGone() throws Exception {
        Clock clock = Clock.systemUTC();
        try (PruneLock first = PruneLock.acquire(storage, aead, me, clock, s -> { })) {
            assertThatThrownBy(() -> PruneLock.acquire(storage, aead, me, clock, s -> { }))
                    .isInstanceOf(PruneLock.HeldException.class).hasMessageContaining("another prune is running");
            assertThat(storage.list(PruneLock.PREFIX)).hasSize(1);
        }
        assertThat(storage.list(PruneLock.PREFIX)).isEmpty();
        PruneLock.acquire(storage, aead, new Owner("elsewhere", 1, 1, "other-boot ns"), Clock.offset(clock, PruneLock.STALE_AFTER.negated()), s -> { });
        StringBuilder removed = new StringBuilder();
        try (PruneLock taken = PruneLock.acquire(storage, aead, me, clock, removed::append)) {
            assertThat(removed.toString()).contains("removed the stale lock");
        }
    }

    @Test
    void protectionIsAFilePerSnapshot() throws Exception {
        Protection.protect(storage, aead, "abc", "here", Instant.EPOCH);
        assertThat(Protection.ids(storage)).containsExactly("abc");
        assertThat(Protection.unprotect(storage, "abc")).isTrue();
        assertThat(Protection.unprotect(storage, "abc")).isFalse();
        assertThat(Protection.ids(storage)).isEmpty();
    }

    @Test
    void blobsInDoomedPacksReadButDoNotDeduplicateAndALiveCopyWins() {
        Id doomed = id(1), live = id(2);
        ChunkIndex index = new ChunkIndex(Set.of(doomed));
        index.add(new BlobRef(BlobType.DATA, id(10), doomed, 4, 10, 10, false));
        assertThat(index.contains(BlobType.DATA, id(10))).isTrue();
        assertThat(index.containsLive(BlobType.DATA, id(10))).isFalse();
        index.add(new BlobRef(BlobType.DATA, id(10), live, 4, 10, 10, false));
        assertThat(index.containsLive(BlobType.DATA, id(10))).isTrue();
        assertThat(index.get(BlobType.DATA, id(10)).pack()).isEqualTo(live);
        index.add(new BlobRef(BlobType.DATA, id(10), doomed, 4, 10, 10, false));
        assertThat(index.get(BlobType.DATA, id(10)).pack()).isEqualTo(live);
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.packs()).containsExactly(doomed, live);
    }
}
