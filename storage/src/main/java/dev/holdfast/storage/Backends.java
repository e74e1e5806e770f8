package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a repository location into a {@link Storage}: a local directory or a provider's URL. */
public final class Backends {
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):(?!\\\\).*", Pattern.DOTALL);

    private Backends() {}

    /** The location's scheme ({@code sftp} for {@code sftp:host:/p}), or null for a local path. */
    public static String scheme(String location) {
        Matcher m = SCHEME.matcher(location);
        return m.matches() && m.group(1).length() > 1 ? m.group(1) : null;
    }

    /**
     * Opens the storage at location. A location without a scheme is a local directory, resolved
     * against cwd when relative.
     * @throws UnknownSchemeException when no provider handles the scheme
     */
    public static Storage open(String location, Path cwd, StorageOptions options) throws IOException {
        String scheme = scheme(location);
        if (scheme == null || scheme.equals("file")) {
            String path = scheme == null ? location : location.substring("file:".length());
            return new LocalStorage(cwd.resolve(path).normalize());
        }
        for (StorageProvider p : ServiceLoader.load(StorageProvider.class)) {
            if (p.schemes().contains(scheme)) return p.open(location, options);
        }
        throw new UnknownSchemeException(location, scheme);
    }

    /** No provider for a location's scheme. */
    public static final class UnknownSchemeException extends IOException {
        public UnknownSchemeException(String location, String scheme) {
            super("repository " + location + ": no storage backend for '" + scheme
                    + ":' (known: local directories, and the schemes of the installed backends)");
        }
    }
}
