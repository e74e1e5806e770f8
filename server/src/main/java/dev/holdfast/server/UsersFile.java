package dev.holdfast.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The server's users: a text file of {@code NAME:ROLE:HASH} lines ({@link PasswordHash}); blank
 * lines and lines starting with '#' are ignored. Edits rewrite the file atomically, readable by its
 * owner only, and keep its other lines as they were.
 */
public final class UsersFile {
    /** One user. */
    public record User(String name, Role role, String hash) {
        String line() {
            return name + ":" + role.label() + ":" + hash;
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private UsersFile() {}

    /** @throws IllegalArgumentException if name cannot be a user name */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid user name '" + name + "': 1 to 64 characters of [A-Za-z0-9._-]");
        }
        return name;
    }

    /** The users in file, by name. @throws IOException naming the file and line of a bad entry */
    public static Map<String, User> read(Path file) throws IOException {
        Map<String, User> users = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            User u = parse(line);
            if (u == null) {
                throw new IOException("users file " + file + " line " + (i + 1)
                        + ": expected NAME:ROLE:HASH as 'holdfast serve --add-user' writes it");
            }
            if (users.put(u.name(), u) != null) {
                throw new IOException("users file " + file + " line " + (i + 1) + ": user " + u.name() + " appears twice");
            }
        }
        return users;
    }

    private static User parse(String line) {
        String[] f = line.split(":", -1);
        if (f.length != 3 || !NAME.matcher(f[0]).matches() || !PasswordHash.isValid(f[2])) return null;
        try {
            return new User(f[0], Role.parse(f[1]), f[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Adds a user, or replaces the role and password of an existing one.
     * @return true if the user existed
     */
    public static boolean put(Path file, User user) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            if (isEntryOf(lines.get(i), user.name())) {
                lines.set(i, user.line());
                found = true;
            }
        }
        if (!found) lines.add(user.line());
        write(file, lines);
        return found;
    }

    /** Removes a user. @return false if there was no such user */
    public static boolean remove(Path file, String name) throws IOException {
        if (!Files.exists(file)) return false;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean removed = lines.removeIf(l -> isEntryOf(l, name));
        if (removed) write(file, lines);
        return removed;
    }

    private static boolean isEntryOf(String line, String name) {
        return line.strip().startsWith(name + ":");
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".users-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
