package dev.holdfast.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * User and group names through the reentrant NSS lookups, cached for the life of the process
 * (unknown ids and names are cached too). On 64-bit Linux struct passwd is {char *pw_name;
 * char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ...} and struct group is {char *gr_name;
 * char *gr_passwd; gid_t gr_gid; ...}: the name at offset 0, the id at offset 16.
 */
final class Users {
    private Users() {}

    private static final long PASSWD_SIZE = 48, GROUP_SIZE = 32, ID_OFFSET = 16;
    private static final long FIRST_BUFFER = 4096, MAX_BUFFER = 16 << 20;

    private static final ConcurrentHashMap<Integer, Optional<String>> USER_NAMES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, Optional<String>> GROUP_NAMES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, OptionalInt> UIDS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, OptionalInt> GIDS = new ConcurrentHashMap<>();

    static String userName(int uid) {
        return USER_NAMES.computeIfAbsent(uid, id -> Optional.ofNullable(
                (String) lookup(Libc.Ids.GETPWUID_R, id, null, PASSWD_SIZE))).orElse(null);
    }

    static String groupName(int gid) {
        return GROUP_NAMES.computeIfAbsent(gid, id -> Optional.ofNullable(
                (String) lookup(Libc.Ids.GETGRGID_R, id, null, GROUP_SIZE))).orElse(null);
    }

    static OptionalInt uidOf(String name) {
        return UIDS.computeIfAbsent(name, n -> toOptional(lookup(Libc.Ids.GETPWNAM_R, 0, n, PASSWD_SIZE)));
    }

    static OptionalInt gidOf(String name) {
        return GIDS.computeIfAbsent(name, n -> toOptional(lookup(Libc.Ids.GETGRNAM_R, 0, n, GROUP_SIZE)));
    }

    static int geteuid() {
        try {
            return (int) Libc.Ids.GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static OptionalInt toOptional(Object id) {
        return id == null ? OptionalInt.empty() : OptionalInt.of((Integer) id);
    }

    /**
     * Calls a get*_r function: by id (name == null), answering the name, or by name, answering
     * the id. Null when there is no such entry or the lookup fails.
     */
    private static Object lookup(MethodHandle h, int id, String name, long structSize) {
        byte[] nameBytes = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes != null) {
            for (byte b : nameBytes) if (b == 0) return null;
        }
        for (long size = FIRST_BUFFER; size <= MAX_BUFFER; ) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment entry = arena.allocate(structSize, 8);
                MemorySegment buf = arena.allocate(size, 8);
                MemorySegment result = arena.allocate(ADDRESS);
                int r;
                if (nameBytes == null) {
                    r = (int) h.invokeExact(id, entry, buf, size, result);
                } else {
                    MemorySegment n = arena.allocate(nameBytes.length + 1L);
                    MemorySegment.copy(nameBytes, 0, n, JAVA_BYTE, 0, nameBytes.length);
                    r = (int) h.invokeExact(n, entry, buf, size, result);
                }
                if (r == Errno.EINTR) continue;
                if (r == Errno.ERANGE) {
                    size *= 4;
                    continue;
                }
                if (r != 0 || result.get(ADDRESS, 0).equals(MemorySegment.NULL)) return null;
                if (nameBytes != null) return entry.get(JAVA_INT, ID_OFFSET);
                return string(entry.get(ADDRESS, 0), buf);
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        }
        return null;
    }

    /** The NUL-terminated string at p, which libc placed inside buf. */
    private static String string(MemorySegment p, MemorySegment buf) {
        long off = p.address() - buf.address();
        if (p.equals(MemorySegment.NULL)) return null;
        if (off >= 0 && off < buf.byteSize()) return buf.getString(off);
        return p.reinterpret(4096).getString(0);
    }
}
