package dev.holdfast.rest;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import dev.holdfast.storage.StorageProvider;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Opens {@code rest:https://[user@]host:port/} locations. Settings: {@code rest.user} (when the
 * location names none), {@code rest.password-file} (else {@code $HOLDFAST_REST_PASSWORD}),
 * {@code rest.fingerprint} (else {@code $HOLDFAST_REST_FINGERPRINT}; without one the system's
 * trusted authorities decide).
 */
public final class RestStorageProvider implements StorageProvider {
    public static final String PASSWORD_ENV = "HOLDFAST_REST_PASSWORD";
    public static final String FINGERPRINT_ENV = "HOLDFAST_REST_FINGERPRINT";

    @Override
    public List<String> schemes() {
        return List.of(RestLocation.SCHEME);
    }

    @Override
    public java.util.Set<String> settings() {
        return java.util.Set.of("rest.fingerprint", "rest.password-file", "rest.user");
    }

    @Override
    public Storage open(String location, StorageOptions options) throws IOException {
        RestLocation where = RestLocation.parse(location);
        String user = where.user() != null ? where.user() : options.setting("rest.user");
        String authorization = null;
        if (user != null) {
            String password = password(where.display(user), user, options);
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        String pin = options.setting("rest.fingerprint");
        if (pin == null) pin = options.env().apply(FINGERPRINT_ENV);
        RestTls tls;
        HttpClient client;
        try {
            tls = new RestTls(pin == null || pin.isEmpty() ? null : Fingerprint.parse(pin));
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls.context())
                    .connectTimeout(Duration.ofSeconds(30)).build();
        } catch (GeneralSecurityException e) {
            throw new IOException(where.display(user) + ": cannot set up TLS: " + e.getMessage(), e);
        }
        RestStorage storage = new RestStorage(where, user, authorization, tls, client);
        try {
            storage.handshake();
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    private static String password(String location, String user, StorageOptions options) throws IOException {
        String file = options.setting("rest.password-file");
        if (file != null) {
            Path p = Path.of(file);
            String first;
            try {
                first = Files.readString(p).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw new IOException(location + ": cannot read rest.password-file " + p + ": " + e.getMessage(), e);
            }
            if (first.isEmpty()) throw new IOException(location + ": rest.password-file " + p + " is empty");
            return first;
        }
        String env = options.env().apply(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) return env;
        throw new IOException(location + ": no password for user " + user + ": set " + PASSWORD_ENV
                + " or -o rest.password-file=FILE");
    }
}
