package dev.holdfast.repo.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.repo.io.FormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A key file ({@code keys/<sha256>}): plain JSON holding scrypt parameters, a salt, and the master
 * key sealed with AES-256-GCM under the key scrypt derives from the password.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyFile(String format, int version, String created, String host, String user,
                      String kdf, int n, int r, int p, String salt, String data) {
    public static final String FORMAT = "holdfast-key";
    private static final byte[] AAD = "holdfast-key-v1".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static KeyFile create(byte[] password, MasterKey master, KdfParams params, String created,
                                 String host, String user, SecureRandom random) {
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        byte[] sealed = new Aead(params.derive(password, salt)).seal(master.encode(), AAD);
        Base64.Encoder b64 = Base64.getEncoder();
        return new KeyFile(FORMAT, 1, created, host, user, "scrypt", params.n(), params.r(), params.p(),
                b64.encodeToString(salt), b64.encodeToString(sealed));
    }

    /** The master key, or empty when the password is not this key file's. */
    public java.util.Optional<MasterKey> unwrap(byte[] password) {
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] kek = new KdfParams(n, r, p).derive(password, b64.decode(salt));
        try {
            return java.util.Optional.of(MasterKey.decode(new Aead(kek).open(b64.decode(data), AAD)));
        } catch (AuthenticationException e) {
            return java.util.Optional.empty();
        }
    }

    public byte[] toBytes() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyFile parse(byte[] bytes, String name) throws FormatException {
        KeyFile k;
        try {
            k = JSON.readValue(bytes, KeyFile.class);
        } catch (IOException e) {
            throw new FormatException(name + ": not a key file (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!FORMAT.equals(k.format) || k.version != 1 || !"scrypt".equals(k.kdf) || k.salt == null || k.data == null) {
            throw new FormatException(name + ": unsupported key file (format " + k.format + " version " + k.version + ")");
        }
        try {
            new KdfParams(k.n, k.r, k.p);
            Base64.getDecoder().decode(k.salt);
            Base64.getDecoder().decode(k.data);
        } catch (IllegalArgumentException e) {
            throw new FormatException(name + ": damaged key file (" + e.getMessage() + ")");
        }
        return k;
    }
}
