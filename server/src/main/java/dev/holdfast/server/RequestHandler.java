package dev.holdfast.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.holdfast.rest.Protocol;
import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.NameRules;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.Storage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Answers the protocol's requests ({@link Protocol}): authenticates the user, checks that the
 * user's role allows the request, and reads, stores, deletes or lists objects.
 */
final class RequestHandler implements HttpHandler {
    private final Storage storage;
    private final Authenticator auth;
    private final Uploads uploads;
    private final Consumer<String> log;

    RequestHandler(Storage storage, Authenticator auth, Consumer<String> log) {
        this.storage = storage;
        this.auth = auth;
        this.uploads = new Uploads(storage);
        this.log = log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) { // closed after the error reply, not before it
            try {
                Optional<UsersFile.User> user = auth.authenticate(ex.getRequestHeaders().getFirst("Authorization"));
                if (user.isEmpty()) {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"holdfast\", charset=\"UTF-8\"");
                    reply(ex, 401, "unknown user or wrong password");
                    return;
                }
                route(ex, user.get());
            } catch (IllegalArgumentException e) {
                replyQuietly(ex, 400, e.getMessage());
            } catch (IOException e) {
                log.accept(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": " + e.getMessage());
                replyQuietly(ex, isNoSpace(e) ? 507 : 500, isNoSpace(e) ? "the server is out of space" : "the server failed: " + e.getMessage());
            } catch (RuntimeException e) {
                log.accept(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": internal error: " + e);
                replyQuietly(ex, 500, "internal error: " + e);
            }
        }
    }

    /** Answers an error, unless the connection is gone already. */
    private static void replyQuietly(HttpExchange ex, int code, String message) {
        try {
            reply(ex, code, message);
        } catch (IOException ignored) {
            // the client is gone; the exchange is closed next
        }
    }

    private void route(HttpExchange ex, UsersFile.User user) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        if (path.startsWith("/" + Protocol.OBJECTS)) {
            String name = NameRules.check(path.substring(Protocol.OBJECTS.length() + 1));
            switch (method) {
                case "GET" -> get(ex, name);
                case "HEAD" -> head(ex, name);
                case "PUT" -> put(ex, name, user);
                case "DELETE" -> delete(ex, name, user);
                default -> reply(ex, 405, "method " + method + " not allowed on objects");
            }
        } else if (path.equals("/" + Protocol.LIST) && method.equals("GET")) {
            list(ex);
        } else if (path.equals("/" + Protocol.INFO) && method.equals("GET")) {
            reply(ex, 200, "protocol " + Protocol.VERSION + "\nuser " + user.name() + "\nrole " + user.role().label());
        } else {
            reply(ex, 404, "no such request: " + method + " " + path);
        }
    }

    private void get(HttpExchange ex, String name) throws IOException {
        try (ObjectReads.Opened o = ObjectReads.open(storage, name)) {
            long size = o.size(), first = 0, length = size;
            String range = ex.getRequestHeaders().getFirst("Range");
            int code = 200;
            if (range != null) {
                long[] r = parseRange(range, size);
                if (r == null) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    reply(ex, 416, "range " + range + " is not within the object's " + size + " bytes");
                    return;
                }
                first = r[0];
                length = r[1] - r[0] + 1;
                code = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
            }
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(code, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    o.transfer(first, length, out);
                }
            }
        } catch (NotFoundException e) {
            reply(ex, 404, "no object " + name);
        }
    }

    /**
     * The inclusive byte range {first, last} a Range header asks for within size bytes, clipped to
     * the end as HTTP does; null when it starts at or past the end.
     * @throws IllegalArgumentException for a malformed or multi-part range
     */
    static long[] parseRange(String header, long size) {
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.contains(",")) throw new IllegalArgumentException("unsupported Range: " + header);
        String spec = h.substring(6);
        int dash = spec.indexOf('-');
        if (dash < 0) throw new IllegalArgumentException("malformed Range: " + header);
        try {
            if (dash == 0) { // the last N bytes
                long n = Long.parseLong(spec.substring(1));
                if (n <= 0 || size == 0) return null;
                return new long[] {Math.max(0, size - n), size - 1};
            }
            long first = Long.parseLong(spec.substring(0, dash));
            long last = dash == spec.length() - 1 ? Long.MAX_VALUE : Long.parseLong(spec.substring(dash + 1));
            if (first < 0 || last < first) throw new IllegalArgumentException("malformed Range: " + header);
            if (first >= size) return null;
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed Range: " + header);
        }
    }

    private void head(HttpExchange ex, String name) throws IOException {
        Optional<BlobInfo> info = storage.stat(name);
        if (info.isEmpty()) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.getResponseHeaders().set(Protocol.SIZE, Long.toString(info.get().size()));
        ex.sendResponseHeaders(200, -1);
    }

    private void put(HttpExchange ex, String name, UsersFile.User user) throws IOException {
        String te = ex.getRequestHeaders().getFirst("Transfer-Encoding");
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (te != null || cl == null) {
            reply(ex, 411, "an upload needs a Content-Length");
            return;
        }
        long length;
        try {
            length = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad Content-Length: " + cl);
        }
        if (length < 0 || length > Protocol.MAX_OBJECT) {
            reply(ex, 413, "an object may hold at most " + Protocol.MAX_OBJECT + " bytes");
            return;
        }
        String sha = ex.getRequestHeaders().getFirst(Protocol.SHA256);
        if (sha != null) sha = sha.strip().toLowerCase(Locale.ROOT);
        if (sha != null && !Uploads.isSha256(sha)) {
            drainAndReply(ex, 400, Protocol.SHA256 + " must be 64 hex digits");
            return;
        }
        if (!user.role().canCreate()) {
            drainAndReply(ex, 403, "user " + user.name() + " has role read: may not write " + name);
            return;
        }
        Uploads.Outcome outcome;
        try {
            outcome = uploads.put(name, user.role(), ex.getRequestBody(), length, sha);
        } catch (IOException e) {
            log.accept("upload of " + name + " by " + user.name() + " failed, nothing was stored: " + e.getMessage());
            throw e;
        }
        switch (outcome) {
            case CREATED -> reply(ex, 201, "");
            case REPLACED -> reply(ex, 204, "");
            case UNCHANGED -> reply(ex, 200, "an identical " + name + " was already stored");
            case FORBIDDEN -> reply(ex, 403, "user " + user.name() + " has role append: may not replace " + name
                    + ", which exists");
            case DIGEST_MISMATCH -> reply(ex, 400, "the upload of " + name + " does not match its SHA-256; nothing was stored");
        }
    }

    private void delete(HttpExchange ex, String name, UsersFile.User user) throws IOException {
        if (!user.role().canReplaceOrDelete()) {
            reply(ex, 403, "user " + user.name() + " has role " + user.role().label() + ": may not delete " + name);
            return;
        }
        try {
            storage.delete(name);
            reply(ex, 204, "");
        } catch (NotFoundException e) {
            reply(ex, 404, "no object " + name);
        }
    }

    private void list(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        String prefix = "";
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("prefix=")) prefix = URLDecoder.decode(part.substring(7), StandardCharsets.UTF_8);
            }
        }
        List<BlobInfo> blobs = storage.list(NameRules.checkPrefix(prefix));
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, blobs.isEmpty() ? -1 : 0);
        if (blobs.isEmpty()) return;
        try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
            StringBuilder line = new StringBuilder(128);
            for (BlobInfo b : blobs) {
                line.setLength(0);
                line.append(b.size()).append(' ').append(b.name()).append('\n');
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Reads the rest of the request body first, so that the client, still sending, gets the answer. */
    private static void drainAndReply(HttpExchange ex, int code, String message) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        reply(ex, code, message);
    }

    private static void reply(HttpExchange ex, int code, String message) throws IOException {
        if (ex.getResponseCode() != -1) return; // headers already sent: the connection is closed instead
        byte[] body = message.isEmpty() || code == 204 ? new byte[0] : (message + "\n").getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
        }
        return false;
    }
}
