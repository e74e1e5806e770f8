package dev.holdfast.repo.gc;

import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the protocol's small files: a JSON object in a sealed envelope of one kind. */
final class SealedJson {
    private SealedJson() {}

    static void put(Storage storage, Aead aead, char kind, String name, Map<String, Object> value) throws IOException {
        storage.put(name, Envelope.seal(aead, kind, Json.write(value, false), false));
    }

    /** The file's fields, or empty when it no longer exists (another process removed it). */
    static Optional<Json.Fields> get(Storage storage, Aead aead, char kind, String name) throws IOException {
        byte[] file;
        try {
            file = storage.get(name);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        byte[] plain = Envelope.open(aead, kind, file, name);
        return Optional.of(new Json.Fields(Json.parseObject(plain, name), name));
    }

    /** Deletes name; a file already gone is fine. */
    static void deleteIfExists(Storage storage, String name) throws IOException {
        try {
            storage.delete(name);
        } catch (NotFoundException e) {
            // removed by another process, or by an earlier run that was interrupted
        }
    }

    static FormatException bad(String name, String why) {
        return new FormatException(name + ": " + why);
    }
}
