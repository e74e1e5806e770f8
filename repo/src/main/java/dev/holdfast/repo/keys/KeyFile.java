package dev.holdfast.repo.keys;

import dev.holdfast.crypto.Aead;
import dev.holdfast.crypto.AuthenticationException;
import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A key file ({@code keys/<sha256>}): plain JSON holding scrypt parameters, a salt, and the master
 * key sealed with AES-256-GCM under the key scrypt derives from the password.
 */
public record KeyFile(String format, int version, String created, String host, String user,
                      String kdf, int n, int r, int p, String salt, String data) {
    public static final String FORMAT = "holdfast-key";
    private static final byte[] AAD = "holdfast-key-v1".getBytes(StandardCharsets.US_ASCII);

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

    /** Pretty-printed JSON, fields in declaration order, null fields left out. */
    public byte[] toBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("version", version);
        m.put("created", created);
        m.put("host", host);
        m.put("user", user);
        m.put("kdf", kdf);
        m.put("n", n);
        m.put("r", r);
        m.put("p", p);
        m.put("salt", salt);
        m.put("data", data);
        return Json.write(m, true);
    }

    public static KeyFile parse(byte[] bytes, String name) throws FormatException {
        Json.Fields f = new Json.Fields(Json.parseObject(bytes, name), name);
        String format = f.optionalString("format");
        Object version = f.map().get("version");
        if (!FORMAT.equals(format) || !Long.valueOf(1).equals(version) || !"scrypt".equals(f.optionalString("kdf"))) {
            throw new FormatException(name + ": unsupported key file (format " + format + " version " + version + ")");
        }
        KeyFile k = new KeyFile(format, 1, f.optionalString("created"), f.optionalString("host"), f.optionalString("user"),
                "scrypt", f.integer("n"), f.integer("r"), f.integer("p"), f.string("salt"), f.string("data"));
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
