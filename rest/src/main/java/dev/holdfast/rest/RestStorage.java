package dev.holdfast.rest;

import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.NameRules;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * A {@link Storage} on a Holdfast repository server ({@code holdfast serve}), over HTTPS with basic
 * authentication. Every request is independent, so many threads share one client and its pool of
 * connections. Uploads carry their SHA-256, which the server checks before it stores anything.
 */
public final class RestStorage implements Storage {
    /**
     * How long a request other than an upload may wait for the server's answer to begin (an
     * upload's answer comes only after its body, however long sending that takes).
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(5);

    private final RestLocation where;
    private final String location;
    private final String user;
    private final String authorization;
    private final RestTls tls;
    private final HttpClient client;
    private volatile String role = "unknown";

    RestStorage(RestLocation where, String user, String authorization, RestTls tls, HttpClient client) {
        this.where = where;
        this.user = user;
        this.location = where.display(user);
        this.authorization = authorization;
        this.tls = tls;
        this.client = client;
    }

    /** Asks the server who we are: fails here, with a clear message, on TLS or password trouble. */
    void handshake() throws IOException {
        HttpResponse<byte[]> r = send(request(Protocol.INFO, true).GET(), "connecting");
        if (r.statusCode() == 404) {
            throw new IOException(location + ": this is not a Holdfast repository server (it does not answer /"
                    + Protocol.INFO + ")");
        }
        if (r.statusCode() != 200) throw failure(r, "connecting");
        for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("role ")) role = line.substring(5).strip();
            if (line.startsWith("protocol ") && !line.substring(9).strip().equals(String.valueOf(Protocol.VERSION))) {
                throw new IOException(location + ": the server speaks protocol " + line.substring(9).strip()
                        + ", this client " + Protocol.VERSION + "; use matching Holdfast versions");
            }
        }
    }

    /** The role the server gave this user: read, append or admin. */
    public String role() {
        return role;
    }

    @Override
    public String deletionsRefused() {
        String r = role;
        return r.equals("read") || r.equals("append")
                ? "the server " + location + " gives user " + user + " the " + r + " role, which cannot delete; this needs the admin role"
                : null;
    }

    @Override
    public byte[] get(String name) throws IOException {
        HttpResponse<byte[]> r = send(object(name).GET(), "reading " + name);
        if (r.statusCode() == 200) return r.body();
        throw r.statusCode() == 404 ? notFound(name) : failure(r, "reading " + name);
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        NameRules.check(name);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        }
        if (length == 0 || offset > Protocol.MAX_OBJECT) {
            long size = stat(name).orElseThrow(() -> notFound(name)).size();
            if (offset > size - length) throw eof(name, size, offset, length);
            return new byte[0];
        }
        HttpResponse<byte[]> r = send(object(name).GET()
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1)), "reading " + name);
        byte[] body = r.body();
        switch (r.statusCode()) {
            case 206 -> {
                if (body.length != length) throw eof(name, totalSize(r, -1), offset, length);
                return body;
            }
            case 200 -> { // a proxy dropped the Range header: the whole object came
                if (body.length - length < offset) throw eof(name, body.length, offset, length);
                return Arrays.copyOfRange(body, (int) offset, (int) offset + length);
            }
            case 416 -> throw eof(name, totalSize(r, -1), offset, length);
            case 404 -> throw notFound(name);
            default -> throw failure(r, "reading " + name);
        }
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        put(name, data, data.length);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        NameRules.check(name);
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(0, length, data.length);
        MessageDigest sha = sha256();
        sha.update(data, 0, length);
        upload(name, HttpRequest.BodyPublishers.ofByteArray(data, 0, length), sha);
    }

    @Override
    public void putFile(String name, Path file) throws IOException {
        NameRules.check(name);
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) sha.update(buf, 0, n);
        }
        upload(name, HttpRequest.BodyPublishers.ofFile(file), sha);
        Files.delete(file);
    }

    private void upload(String name, HttpRequest.BodyPublisher body, MessageDigest sha) throws IOException {
        HttpResponse<byte[]> r = send(request(Protocol.OBJECTS + name, false).PUT(body)
                .header(Protocol.SHA256, HexFormat.of().formatHex(sha.digest())), "writing " + name);
        int code = r.statusCode();
        if (code != 200 && code != 201 && code != 204) throw failure(r, "writing " + name);
    }

    @Override
    public void delete(String name) throws IOException {
        HttpResponse<byte[]> r = send(object(name).DELETE(), "deleting " + name);
        if (r.statusCode() == 204 || r.statusCode() == 200) return;
        throw r.statusCode() == 404 ? notFound(name) : failure(r, "deleting " + name);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        if (NameRules.isReservedPrefix(prefix)) return List.of();
        HttpResponse<byte[]> r = send(request(Protocol.LIST + "?prefix="
                + URLEncoder.encode(prefix, StandardCharsets.UTF_8), true).GET(), "listing " + prefix + "*");
        if (r.statusCode() != 200) throw failure(r, "listing " + prefix + "*");
        List<BlobInfo> out = new ArrayList<>();
        String text = new String(r.body(), StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            int space = text.indexOf(' ', start);
            if (space < 0 || space > end) throw new IOException(location + ": listing " + prefix + "*: malformed answer");
            out.add(new BlobInfo(text.substring(space + 1, end), Long.parseLong(text, start, space, 10)));
            start = end + 1;
        }
        return out;
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        HttpResponse<byte[]> r = send(object(name).method("HEAD", HttpRequest.BodyPublishers.noBody()), "reading " + name);
        if (r.statusCode() == 404) return Optional.empty();
        if (r.statusCode() != 200) throw failure(r, "reading " + name);
        String size = r.headers().firstValue(Protocol.SIZE)
                .orElseThrow(() -> new IOException(location + ": reading " + name + ": the server sent no size"));
        return Optional.of(new BlobInfo(name, Long.parseLong(size)));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "RestStorage[" + location + "]";
    }

    private HttpRequest.Builder object(String name) {
        return request(Protocol.OBJECTS + NameRules.check(name), true);
    }

    /** @param timed whether the answer must begin within {@link #ANSWER_TIMEOUT} (not for uploads) */
    private HttpRequest.Builder request(String path, boolean timed) {
        HttpRequest.Builder b = HttpRequest.newBuilder(where.base().resolve(URI.create(path)));
        if (timed) b.timeout(ANSWER_TIMEOUT);
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b, String what) throws IOException {
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(location + ": " + what + ": interrupted");
        } catch (SSLException e) {
            String why = tls.refusal();
            throw new IOException(location + ": " + (why != null ? why : "TLS failed: " + reason(e)), e);
        } catch (ConnectException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : reason(e);
            throw new IOException(location + ": cannot connect to " + where.base().getAuthority() + ": "
                    + why + " (is holdfast serve running there?)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(location + ": " + what + ": the server did not answer in time", e);
        } catch (IOException e) {
            throw new IOException(location + ": " + what + ": " + reason(e), e);
        }
    }

    private IOException failure(HttpResponse<byte[]> r, String what) {
        String said = new String(r.body(), 0, Math.min(r.body().length, 400), StandardCharsets.UTF_8).strip();
        int nl = said.indexOf('\n');
        if (nl >= 0) said = said.substring(0, nl);
        return switch (r.statusCode()) {
            case 401 -> new IOException(location + ": the server refused "
                    + (user == null ? "a client without a user name: put one in the location (rest:https://USER@host:port/)"
                    : "user " + user + ": unknown user or wrong password (HOLDFAST_REST_PASSWORD or -o rest.password-file)")
                    + " (HTTP 401)");
            case 403 -> new IOException(location + ": " + what + " refused: " + said + " (HTTP 403)");
            case 507 -> new IOException(location + ": " + what + ": the server is out of space (HTTP 507)");
            default -> new IOException(location + ": " + what + ": HTTP " + r.statusCode()
                    + (said.isEmpty() ? "" : ": " + said));
        };
    }

    private NotFoundException notFound(String name) {
        return new NotFoundException("file " + name + " not found in " + location);
    }

    private EOFException eof(String name, long size, long offset, int length) {
        return new EOFException("file " + name + " in " + location + " is "
                + (size < 0 ? "shorter" : size + " bytes") + ", cannot read " + length + " bytes at offset " + offset);
    }

    /** The total size from a Content-Range header ({@code bytes 0-9/100} or {@code bytes *}{@code /100}). */
    private static long totalSize(HttpResponse<?> r, long unknown) {
        String cr = r.headers().firstValue("Content-Range").orElse("");
        int slash = cr.lastIndexOf('/');
        try {
            return slash < 0 ? unknown : Long.parseLong(cr.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return unknown;
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : e.getClass().getSimpleName();
        return m;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
