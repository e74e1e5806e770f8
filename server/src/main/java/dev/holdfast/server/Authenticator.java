package dev.holdfast.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks HTTP basic credentials against the users file, which it reads again when it changes (so
 * users added or removed while the server runs take effect within a second). A password is checked
 * with scrypt once; then a keyed digest of it is remembered, so later requests cost microseconds.
 * At most two scrypt checks run at once, which also slows down password guessing.
 */
public final class Authenticator {
    private record Loaded(Map<String, UsersFile.User> users, Object stamp) {}

    private final Path file;
    private final Consumer<String> warn;
    private final SecretKeySpec key;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();
    private final Semaphore slow = new Semaphore(2);
    private volatile Loaded loaded;
    private volatile long nextCheck;

    /** @throws IOException if the file cannot be read, is malformed or names no user */
    public Authenticator(Path file, Consumer<String> warn) throws IOException {
        this.file = file;
        this.warn = warn;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        if (!Files.exists(file)) {
            throw new IOException("no users file " + file + ": add a user with 'holdfast serve --add-user NAME --role append'");
        }
        this.loaded = load();
        if (loaded.users().isEmpty()) {
            throw new IOException("users file " + file + " names no user: add one with 'holdfast serve --add-user NAME --role append'");
        }
    }

    /** The users file. */
    public Path file() {
        return file;
    }

    /** How many users there are. */
    public int size() {
        return current().users().size();
    }

    /** The user an Authorization header proves to be, or empty. */
    public Optional<UsersFile.User> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return Optional.empty();
        UsersFile.User user = current().users().get(decoded.substring(0, colon));
        if (user == null) return Optional.empty();
        String password = decoded.substring(colon + 1);
        byte[] token = token(user, password);
        byte[] known = verified.get(user.name());
        if (known != null && MessageDigest.isEqual(known, token)) return Optional.of(user);
        slow.acquireUninterruptibly();
        try {
            if (!PasswordHash.matches(password, user.hash())) return Optional.empty();
        } finally {
            slow.release();
        }
        verified.put(user.name(), token);
        return Optional.of(user);
    }

    private byte[] token(UsersFile.User user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.hash().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Loaded current() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) return loaded;
        synchronized (this) {
            if (now - nextCheck < 0) return loaded;
            nextCheck = now + 1_000_000_000L;
            try {
                if (!stamp().equals(loaded.stamp())) {
                    loaded = load();
                    warn.accept("read " + loaded.users().size() + " users from " + file + " again");
                }
            } catch (IOException e) {
                warn.accept("keeping the previous users: " + e.getMessage());
            }
            return loaded;
        }
    }

    private Loaded load() throws IOException {
        Object stamp = stamp();
        return new Loaded(UsersFile.read(file), stamp);
    }

    private Object stamp() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return java.util.List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
    }
}
