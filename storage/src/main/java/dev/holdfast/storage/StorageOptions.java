package dev.holdfast.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What a backend may need besides its location: the process environment (credentials such as
 * {@code AWS_ACCESS_KEY_ID}), the user's home (for {@code ~/.ssh}, {@code ~/.aws}), and named
 * settings from the command line ({@code -o name=value} and the dedicated options), for example
 * {@code ssh-key}, {@code s3.path-style}, {@code limit-upload}. Each backend documents its own.
 */
public record StorageOptions(Function<String, String> env, Path home, Map<String, String> settings) {

    public StorageOptions {
        settings = Map.copyOf(settings);
    }

    /** The options of a process without settings. */
    public static StorageOptions ofSystem() {
        return new StorageOptions(System::getenv, Path.of(System.getProperty("user.home")), Map.of());
    }

    /** A setting's value, or null when it is not set. */
    public String setting(String name) {
        return settings.get(name);
    }

    /** A numeric setting, or dflt when it is not set. @throws IllegalArgumentException naming it when it is not a number */
    public long number(String name, long dflt) {
        String v = settings.get(name);
        if (v == null) return dflt;
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option -o " + name + "=" + v + ": expected a number");
        }
    }
}
