package dev.holdfast.storage.s3;

import dev.holdfast.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * AWS credentials, found as the AWS tools find them: {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} in the environment, else the profile
 * {@code AWS_PROFILE} (default {@code default}) of {@code ~/.aws/credentials}
 * ({@code AWS_SHARED_CREDENTIALS_FILE}) or of {@code ~/.aws/config} ({@code AWS_CONFIG_FILE}).
 *
 * @param source where they came from, for messages (never the secret itself)
 */
record Credentials(String accessKey, String secretKey, String sessionToken, String source) {

    @Override
    public String toString() {
        return "credentials " + accessKey + " from " + source;
    }

    /** The credentials for options. @throws IOException naming what to set when there are none */
    static Credentials load(StorageOptions options) throws IOException {
        String id = options.env().apply("AWS_ACCESS_KEY_ID"), secret = options.env().apply("AWS_SECRET_ACCESS_KEY");
        if (id != null && secret != null && !id.isEmpty()) {
            return new Credentials(id, secret, options.env().apply("AWS_SESSION_TOKEN"), "the environment (AWS_ACCESS_KEY_ID)");
        }
        String profile = profileName(options);
        Path credFile = file(options, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
        Map<String, String> p = section(credFile, profile);
        if (p.get("aws_access_key_id") == null) {
            credFile = file(options, "AWS_CONFIG_FILE", "config");
            p = section(credFile, profile.equals("default") ? "default" : "profile " + profile);
        }
        if (p.get("aws_access_key_id") != null && p.get("aws_secret_access_key") != null) {
            return new Credentials(p.get("aws_access_key_id"), p.get("aws_secret_access_key"), p.get("aws_session_token"),
                    "profile " + profile + " in " + credFile);
        }
        throw new IOException("no S3 credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in "
                + file(options, "AWS_SHARED_CREDENTIALS_FILE", "credentials"));
    }

    /** The region: -o s3.region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1. */
    static String region(StorageOptions options) throws IOException {
        String r = options.setting("s3.region");
        if (r == null) r = options.env().apply("AWS_REGION");
        if (r == null) r = options.env().apply("AWS_DEFAULT_REGION");
        if (r == null) {
            String profile = profileName(options);
            r = section(file(options, "AWS_CONFIG_FILE", "config"), profile.equals("default") ? "default" : "profile " + profile).get("region");
        }
        return r == null || r.isBlank() ? "us-east-1" : r.strip();
    }

    private static String profileName(StorageOptions options) {
        String p = options.setting("s3.profile");
        if (p == null) p = options.env().apply("AWS_PROFILE");
        return p == null || p.isBlank() ? "default" : p.strip();
    }

    private static Path file(StorageOptions options, String variable, String name) {
        String f = options.env().apply(variable);
        return f != null ? Path.of(f) : options.home().resolve(".aws").resolve(name);
    }

    /** The keys of one [section] of an INI file (empty when the file or section is missing). */
    static Map<String, String> section(Path file, String name) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) return out;
        boolean in = false;
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) continue;
            if (t.startsWith("[") && t.endsWith("]")) {
                in = t.substring(1, t.length() - 1).strip().equals(name);
            } else if (in) {
                int eq = t.indexOf('=');
                if (eq > 0) out.put(t.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), t.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
