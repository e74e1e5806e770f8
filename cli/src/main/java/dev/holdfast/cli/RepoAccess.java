package dev.holdfast.cli;

import dev.holdfast.repo.Repository;
import dev.holdfast.repo.RepositoryExistsException;
import dev.holdfast.repo.RepositoryInit;
import dev.holdfast.repo.RepositoryNotFoundException;
import dev.holdfast.repo.WrongPasswordException;
import dev.holdfast.storage.Backends;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the repository and its password from options and environment, and opens or creates it.
 * Without -r or HOLDFAST_REPOSITORY the default local repository is used; its password is
 * generated on first use and kept in a file readable only by the user.
 */
final class RepoAccess {
    private final GlobalOptions global;
    private final Env env;
    private final EarlyOpen early;
    /** Where this repository and its password are named: options and environment variable prefix. */
    private final String repoOption;
    private final Path passwordFileOption;
    private final String prefix;
    /** How the user names this repository and its password file, for messages. */
    private final String repoNames, passwordFileNames;

    /** @param early the same repository already being opened, or null */
    RepoAccess(GlobalOptions global, Env env, EarlyOpen early) {
        this(global, env, early, global.repo, global.passwordFile, "HOLDFAST_", "-r/HOLDFAST_REPOSITORY", "--password-file");
    }

    private RepoAccess(GlobalOptions global, Env env, EarlyOpen early, String repo, Path passwordFile, String prefix,
                       String repoNames, String passwordFileOption) {
        this.global = global;
        this.env = env;
        this.early = early;
        this.repoOption = repo;
        this.passwordFileOption = passwordFile;
        this.prefix = prefix;
        this.repoNames = repoNames;
        this.passwordFileNames = passwordFileOption;
    }

    /**
     * Another repository than the command's own (copy's source, a replica), with its own location
     * and password sources: the given options, else {@code PREFIX_REPOSITORY},
     * {@code PREFIX_PASSWORD_FILE}, {@code PREFIX_PASSWORD}, else a prompt. Cache and backend
     * settings are shared with the command's repository.
     */
    static RepoAccess other(GlobalOptions global, Env env, String repo, Path passwordFile, String prefix, String repoOption, String passwordFileOption) {
        return new RepoAccess(global, env, null, repo, passwordFile, prefix, repoOption + "/" + prefix + "REPOSITORY", passwordFileOption);
    }

    static Path defaultRepository(Env env) {
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null ? Path.of(xdg) : env.home().resolve(".local/share")).resolve("holdfast/repository");
    }

    static Path defaultPasswordFile(Env env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null ? Path.of(xdg) : env.home().resolve(".config")).resolve("holdfast/default-repository.password");
    }

    private boolean isMain() {
        return prefix.equals("HOLDFAST_");
    }

    boolean isDefault() {
        return isMain() && repoOption == null && env.get("HOLDFAST_REPOSITORY") == null;
    }

    String location() {
        if (repoOption != null) return repoOption;
        String e = env.get(prefix + "REPOSITORY");
        if (e != null) return e;
        if (!isMain()) throw new UserException("no repository given: pass " + repoNames, ExitCodes.USAGE);
        return defaultRepository(env).toString();
    }

    Storage storage() throws IOException {
        String loc = location();
        try {
            return Backends.open(loc, Path.of(env.cwd()), storageOptions());
        } catch (Backends.UnknownSchemeException e) {
            throw new UserException(e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** Backend settings from {@code -o name=value}, --ssh-key, --limit-upload and --limit-download. */
    StorageOptions storageOptions() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String o : global.options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new UserException("option -o " + o + ": expected NAME=VALUE", ExitCodes.USAGE);
            settings.put(o.substring(0, eq), o.substring(eq + 1));
        }
        if (global.sshKey != null) settings.put("ssh-key", env.path(global.sshKey).toString());
        if (global.limitUpload != null) settings.put("limit-upload", global.limitUpload);
        if (global.limitDownload != null) settings.put("limit-download", global.limitDownload);
        return new StorageOptions(env::get, env.home(), settings);
    }

    Path cacheBase() {
        if (global.noCache) return null;
        if (global.cacheDir != null) return env.path(global.cacheDir);
        String c = env.get("HOLDFAST_CACHE_DIR");
        if (c != null) return Path.of(c);
        String xdg = env.get("XDG_CACHE_HOME");
        return (xdg != null ? Path.of(xdg) : env.home().resolve(".cache")).resolve("holdfast");
    }

    /** The password, from the first source that is set. */
    byte[] password(boolean confirm) {
        Path file = passwordFileOption != null ? env.path(passwordFileOption)
                : env.get(prefix + "PASSWORD_FILE") != null ? Path.of(env.get(prefix + "PASSWORD_FILE")) : null;
        if (file != null) return readPasswordFile(file);
        String p = env.get(prefix + "PASSWORD");
        if (p != null) return p.getBytes(StandardCharsets.UTF_8);
        if (isDefault()) return defaultPassword();
        if (env.terminal() && System.console() != null) {
            char[] c = System.console().readPassword("Password for %s: ", location());
            if (c == null || c.length == 0) throw new UserException("no password given");
            if (confirm) {
                char[] again = System.console().readPassword("Repeat the password: ");
                if (again == null || !new String(c).equals(new String(again))) throw new UserException("the passwords do not match");
            }
            return new String(c).getBytes(StandardCharsets.UTF_8);
        }
        throw new UserException("no password for " + location() + ": set " + prefix + "PASSWORD or " + prefix
                + "PASSWORD_FILE, or pass " + passwordFileNames);
    }

    private static byte[] readPasswordFile(Path file) {
        try {
            String first = Files.readString(file).lines().findFirst().orElse("");
            if (first.isEmpty()) throw new UserException("password file " + file + " is empty");
            return first.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read password file " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage()));
        }
    }

    /** The default repository's password file, created with a random password when missing. */
    private byte[] defaultPassword() {
        Path file = defaultPasswordFile(env);
        if (!Files.exists(file)) {
            byte[] r = new byte[24];
            new SecureRandom().nextBytes(r);
            try {
                Files.createDirectories(file.getParent());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(r) + "\n");
            } catch (IOException e) {
                throw new UserException("cannot create the default password file " + file + ": " + e.getMessage());
            }
        }
        return readPasswordFile(file);
    }

    Repository open() throws IOException {
        if (early != null) return early.get();
        Storage storage = storage();
        try {
            Repository repo = Repository.open(storage, password(false), cacheBase());
            if (storage instanceof LocalStorage local) local.removeStaleTemporaryFiles(java.time.Duration.ofDays(1));
            return repo;
        } catch (RepositoryNotFoundException e) {
            throw new UserException(e.getMessage(), ExitCodes.NO_REPOSITORY);
        } catch (WrongPasswordException e) {
            throw new UserException(e.getMessage(), ExitCodes.WRONG_PASSWORD);
        }
    }

    Repository init(RepositoryInit.Options options) throws IOException {
        return init(options, null);
    }

    /** Creates the repository; with inherited, sharing another repository's chunker and id key. */
    Repository init(RepositoryInit.Options options, RepositoryInit.Inherited inherited) throws IOException {
        Storage storage = storage();
        try {
            storage.create();
            return RepositoryInit.init(storage, password(true), options, inherited, cacheBase(), Instant.now().toString(), hostname(env), user(env));
        } catch (RepositoryExistsException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Opens the repository; the default one is created on first use, and says where it is. */
    Repository openOrCreateDefault() throws IOException {
        if (isDefault() && storage().stat(Repository.CONFIG).isEmpty()) {
            Repository r = init(RepositoryInit.Options.DEFAULT);
            env.err().println("created the default repository at " + location() + "; its password is in "
                    + defaultPasswordFile(env) + " (keep a copy elsewhere: without it the backups cannot be read)");
            return r;
        }
        return open();
    }

    /** Refuses, before anything is written, a command that deletes where the storage does not let this user delete. */
    static void requireDeletions(Repository repo, String command) {
        String why = repo.storage().deletionsRefused();
        if (why != null) throw new UserException(command + " refused: " + why + "; nothing was changed");
    }

    static String hostname(Env env) {
        String h = env.get("HOLDFAST_HOST");
        if (h != null) return h;
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }

    static String user(Env env) {
        String u = env.get("USER");
        return u != null ? u : System.getProperty("user.name");
    }
}
