package dev.holdfast.repo.keys;

import dev.holdfast.hash.Hashes;
import dev.holdfast.repo.WrongPasswordException;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The key files of one repository: list, unlock with a password, add, remove. */
public final class Keys {
    public static final String PREFIX = "keys/";
    private final Storage storage;

    public Keys(Storage storage) {
        this.storage = storage;
    }

    /** A key file and its storage id (the SHA-256 of its bytes). */
    public record Entry(String id, KeyFile file) {}

    /** The master key and the id of the key file that opened it. */
    public record Unlocked(MasterKey master, String keyId) {}

    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (BlobInfo b : storage.list(PREFIX)) {
            String id = b.name().substring(PREFIX.length());
            out.add(new Entry(id, KeyFile.parse(storage.get(b.name()), b.name())));
        }
        return out;
    }

    /** Tries every key file with the password; a damaged key file does not stop the others. */
    public Unlocked unlock(byte[] password) throws IOException {
        List<BlobInfo> files = storage.list(PREFIX);
        FormatException damaged = null;
        for (BlobInfo b : files) {
            KeyFile file;
            try {
                file = KeyFile.parse(storage.get(b.name()), b.name());
            } catch (FormatException e) {
                damaged = e;
                continue;
            }
            Optional<MasterKey> m = file.unwrap(password);
            if (m.isPresent()) return new Unlocked(m.get(), b.name().substring(PREFIX.length()));
        }
        if (damaged != null && files.size() == 1) throw damaged;
        throw new WrongPasswordException("wrong password: none of the " + files.size()
                + " key files of " + storage.location() + " opens with it"
                + (damaged != null ? " (" + damaged.getMessage() + ")" : ""));
    }

    /** Stores a new key file for the password and returns its id. */
    public String add(byte[] password, MasterKey master, String created, String host, String user) throws IOException {
        byte[] bytes = KeyFile.create(password, master, KdfParams.forNewKeys(), created, host, user, new SecureRandom()).toBytes();
        String id = Hashes.sha256(bytes).hex();
        storage.put(PREFIX + id, bytes);
        return id;
    }

    /** Removes a key file, refusing the one in use and the last one. */
    /** Removes the key file whose id starts with idOrPrefix (at least 4 hex digits); returns its full id. */
    public String remove(String idOrPrefix, String currentKeyId) throws IOException {
        if (idOrPrefix.length() < 4 || !idOrPrefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("'" + idOrPrefix + "' is not a key id: give at least 4 hex digits of one ('holdfast key list' shows them)");
        }
        String id = resolve(idOrPrefix.toLowerCase(java.util.Locale.ROOT));
        if (id.equals(currentKeyId)) {
            throw new IllegalArgumentException("refusing to remove key " + id.substring(0, 8)
                    + ": it is the key this command unlocked the repository with; use another password to remove it");
        }
        storage.delete(PREFIX + id);
        return id;
    }

    /** The full id of the only key file whose id starts with the prefix. */
    public String resolve(String prefix) throws IOException {
        List<String> matches = list().stream().map(Entry::id).filter(id -> id.startsWith(prefix)).toList();
        if (matches.isEmpty()) throw new IllegalArgumentException("no key file with id " + prefix);
        if (matches.size() > 1) throw new IllegalArgumentException("key id prefix " + prefix + " is ambiguous");
        return matches.getFirst();
    }
}
