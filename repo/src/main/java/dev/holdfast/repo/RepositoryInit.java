package dev.holdfast.repo;

import dev.holdfast.chunk.ChunkerParams;
import dev.holdfast.compress.Compressor;
import dev.holdfast.crypto.Aead;
import dev.holdfast.repo.io.Envelope;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.keys.KeyFile;
import dev.holdfast.repo.keys.Keys;
import dev.holdfast.storage.BlobInfo;
import java.util.List;
import dev.holdfast.repo.keys.MasterKey;
import dev.holdfast.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Creates a new repository: master key, first key file, then config (whose presence marks a repository). */
public final class RepositoryInit {
    /** Parameters chosen at init. */
    public record Options(ChunkerParams chunker, int compressionLevel, int packSize) {
        public static final Options DEFAULT = new Options(ChunkerParams.DEFAULT, 3, RepositoryConfig.DEFAULT_PACK_SIZE);

        public Options {
            new Compressor(compressionLevel); // validates the level
            if (packSize < 1024 * 1024 || packSize > 256 * 1024 * 1024) throw new IllegalArgumentException("pack size must be 1 MiB to 256 MiB");
        }
    }

    /**
     * What a new repository takes over from an existing one so that both cut the same chunks and
     * give them the same ids ({@code init --copy-chunker-params}): chunker parameters and secret,
     * and the id key. The encryption key stays the new repository's own.
     */
    public record Inherited(ChunkerParams chunker, String chunkerSecret, byte[] idKey) {
        public static Inherited from(Repository source) {
            RepositoryConfig c = source.config();
            return new Inherited(c.chunkerParams(), c.chunkerSecret(), source.masterKey().id().clone());
        }
    }

    private RepositoryInit() {}

    public static Repository init(Storage storage, byte[] password, Options options, Path cacheBase,
                                  String created, String host, String user) throws IOException {
        return init(storage, password, options, null, cacheBase, created, host, user);
    }

    /** Creates a repository; with inherited, its chunker and id key are those of another repository. */
    public static Repository init(Storage storage, byte[] password, Options options, Inherited inherited, Path cacheBase,
                                  String created, String host, String user) throws IOException {
        if (storage.stat(Repository.CONFIG).isPresent()) {
            throw new RepositoryExistsException("a repository already exists at " + storage.location() + "; nothing was changed");
        }
        if (!storage.list("data/").isEmpty() || !storage.list(Repository.SNAPSHOTS).isEmpty() || !storage.list("index/").isEmpty()) {
            throw new RepositoryExistsException(storage.location() + " already holds repository data but no config; refusing to initialise over it");
        }
        // Holdfast key files without a config are what an init killed before its last step leaves:
        // no repository ever used them, so a new init replaces them. Anything else is not ours.
        List<BlobInfo> keys = storage.list(Keys.PREFIX);
        for (BlobInfo k : keys) {
            try {
                KeyFile.parse(storage.get(k.name()), k.name());
            } catch (FormatException e) {
                throw new RepositoryExistsException(storage.location() + " holds " + k.name() + ", which is not a Holdfast key file; refusing to initialise over it");
            }
        }
        for (BlobInfo k : keys) storage.delete(k.name());
        SecureRandom random = new SecureRandom();
        MasterKey master = MasterKey.generate(random);
        byte[] idBytes = new byte[32], secret = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        ChunkerParams c = options.chunker();
        String chunkerSecret = Base64.getEncoder().encodeToString(secret);
        if (inherited != null) {
            master = new MasterKey(master.encryption(), inherited.idKey().clone());
            c = inherited.chunker();
            chunkerSecret = inherited.chunkerSecret();
        }
        RepositoryConfig config = new RepositoryConfig(RepositoryConfig.VERSION, HexFormat.of().formatHex(idBytes), created,
                "fastcdc-v1", c.min(), c.avg(), c.max(), chunkerSecret,
                "hmac-sha256", "aes-256-gcm", "zstd", options.compressionLevel(), options.packSize());
        String keyId = new Keys(storage).add(password, master, created, host, user);
        storage.put(Repository.CONFIG, Envelope.seal(new Aead(master.encryption()), Envelope.CONFIG,
                config.toJson(), false));
        RepositoryCache cache = RepositoryCache.of(cacheBase, config.id());
        return new Repository(storage, config, master, keyId, cache);
    }
}
