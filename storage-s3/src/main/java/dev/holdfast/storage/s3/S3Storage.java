package dev.holdfast.storage.s3;

import dev.holdfast.storage.BlobInfo;
import dev.holdfast.storage.NameRules;
import dev.holdfast.storage.NotFoundException;
import dev.holdfast.storage.PermanentException;
import dev.holdfast.storage.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Storage} in an S3 bucket under a key prefix. A put is one PUT request (atomic in S3);
 * a file larger than the multipart threshold is sent as a multipart upload of parts read from the
 * file one at a time, and becomes visible only when the upload is completed, so a failed or
 * interrupted upload never leaves a partial object (it is aborted). Bodies are signed with their
 * SHA-256, so the server rejects one damaged on the way, and each object carries the SHA-256 of
 * its whole content, which a whole read checks.
 */
final class S3Storage implements Storage {
    /** User metadata holding the SHA-256 of the whole object, checked by {@link #get}. */
    static final String SHA256_META = "x-amz-meta-sha256";
    private static final Pattern CONTENT_RANGE_SIZE = Pattern.compile("/(\\d+)$");

    private final S3Client client;
    private final S3Location loc;
    private final long multipartThreshold;
    private final int partSize;
    private volatile boolean bucketSeen;

    S3Storage(S3Client client, S3Location loc, long multipartThreshold, int partSize) {
        this.client = client;
        this.loc = loc;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    @Override
    public String location() {
        return loc.text();
    }

    private String key(String name) {
        return loc.prefix() + NameRules.check(name);
    }

    /**
     * Reads the whole object and checks it against the SHA-256 stored with it at put: a body that
     * does not match (an object being replaced on a server that does not replace atomically, or
     * damage) is read again, and reported if it keeps failing.
     */
    @Override
    public byte[] get(String name) throws IOException {
        String key = key(name);
        for (int attempt = 1; ; attempt++) {
            S3Client.Response r = client.send("GET", key, Map.of(), Map.of(), S3Client.Body.EMPTY);
            if (r.status() != 200) throw failure("reading", name, r);
            String want = r.headers().firstValue(SHA256_META).orElse(null);
            if (want == null || want.equals(SigV4.sha256Hex(r.body()))) return r.body();
            if (attempt >= 5) {
                throw new IOException("reading " + name + " in " + loc.text() + ": the content does not match its SHA-256 "
                        + "(damaged, or replaced while being read)");
            }
        }
    }

    @Override
    public byte[] getRange(String name, long offset, int length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        byte[] out = new byte[length];
        read(name, offset, out, 0, length);
        return out;
    }

    /** Reads the range straight into buf: the answer's bytes are copied there as they arrive. */
    @Override
    public void read(String name, long offset, byte[] buf, int off, int length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
        Objects.checkFromIndexSize(off, length, buf.length);
        String key = key(name);
        if (length == 0) {
            long size = stat(name).orElseThrow(() -> notFound(name)).size();
            if (offset > size) throw eof(name, size, offset, length);
            return;
        }
        long last = offset + length - 1 < 0 ? Long.MAX_VALUE : offset + length - 1;
        S3Client.Into into = new S3Client.Into(buf, off, length);
        S3Client.Response r = client.send("GET", key, Map.of(), Map.of("Range", "bytes=" + offset + "-" + last), S3Client.Body.EMPTY, into);
        if (r.status() == 206) {
            if (into.received() == length) return;
            throw eof(name, totalSize(r, offset + into.received()), offset, length);
        }
        if (r.status() == 200) {
            byte[] all = r.body();
            if (offset > all.length - length) throw eof(name, all.length, offset, length);
            System.arraycopy(all, (int) offset, buf, off, length);
            return;
        }
        if (r.status() == 416) {
            long size = stat(name).orElseThrow(() -> notFound(name)).size();
            throw eof(name, size, offset, length);
        }
        throw failure("reading", name, r);
    }

    private static long totalSize(S3Client.Response r, long fallback) {
        Matcher m = CONTENT_RANGE_SIZE.matcher(r.headers().firstValue("Content-Range").orElse(""));
        return m.find() ? Long.parseLong(m.group(1)) : fallback;
    }

    @Override
    public void put(String name, byte[] data) throws IOException {
        put(name, data, Objects.requireNonNull(data, "data").length);
    }

    @Override
    public void put(String name, byte[] data, int length) throws IOException {
        String key = key(name);
        Objects.requireNonNull(data, "data");
        Objects.checkFromIndexSize(0, length, data.length);
        S3Client.Body body = S3Client.Body.of(data, 0, length);
        S3Client.Response r = client.send("PUT", key, Map.of(), Map.of(SHA256_META, body.sha256()), body);
        if (r.status() != 200) throw failure("writing", name, r);
    }

    /** Sends the file (streamed; multipart when large) and removes it; on failure the file stays for a retry. */
    @Override
    public void putFile(String name, Path file) throws IOException {
        String key = key(name);
        long size = Files.size(file);
        String sha256 = sha256(file, 0, size);
        if (size > multipartThreshold) {
            new MultipartUpload(client, this, key, name, file, size, partSize).run(Map.of(SHA256_META, sha256));
        } else {
            S3Client.Body body = new S3Client.Body(() -> publisher(file), sha256);
            S3Client.Response r = client.send("PUT", key, Map.of(), Map.of(SHA256_META, sha256), body);
            if (r.status() != 200) throw failure("writing", name, r);
        }
        Files.delete(file);
    }

    private static HttpRequest.BodyPublisher publisher(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** SHA-256 in hex of file[offset, offset + length), read in slices. */
    static String sha256(Path file, long offset, long length) throws IOException {
        MessageDigest d = SigV4.sha256();
        try (FileChannel ch = FileChannel.open(file); InputStream in = Channels.newInputStream(ch.position(offset))) {
            byte[] buf = new byte[256 << 10];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new EOFException(file + " shrank while being uploaded");
                d.update(buf, 0, n);
                left -= n;
            }
        }
        return SigV4.hex(d.digest());
    }

    @Override
    public void delete(String name) throws IOException {
        String key = key(name);
        if (stat(name).isEmpty()) throw notFound(name);
        S3Client.Response r = client.send("DELETE", key, Map.of(), Map.of(), S3Client.Body.EMPTY);
        if (r.status() != 204 && r.status() != 200) throw failure("deleting", name, r);
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        NameRules.checkPrefix(prefix);
        List<BlobInfo> out = new ArrayList<>();
        if (NameRules.isReservedPrefix(prefix)) return out;
        String token = null;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("list-type", "2");
            q.put("prefix", loc.prefix() + prefix);
            if (token != null) q.put("continuation-token", token);
            S3Client.Response r = client.send("GET", null, q, Map.of(), S3Client.Body.EMPTY);
            if (r.status() != 200) throw failure("listing", prefix.isEmpty() ? "the repository" : prefix + "*", r);
            token = ListResult.parse(r.body(), loc.prefix(), out);
        } while (token != null);
        out.removeIf(b -> !NameRules.isValid(b.name()));
        out.sort(Comparator.comparing(BlobInfo::name));
        bucketSeen = true;
        return out;
    }

    @Override
    public Optional<BlobInfo> stat(String name) throws IOException {
        String key = key(name);
        S3Client.Response r = client.send("HEAD", key, Map.of(), Map.of(), S3Client.Body.EMPTY);
        if (r.status() == 200) {
            bucketSeen = true;
            return Optional.of(new BlobInfo(name, r.headers().firstValueAsLong("Content-Length").orElse(0)));
        }
        if (r.status() == 404) {
            requireBucket();
            return Optional.empty();
        }
        throw failure("reading", name, r);
    }

    /** A HEAD answer has no error document: a 404 may mean a missing bucket, checked once. */
    private void requireBucket() throws IOException {
        if (bucketSeen) return;
        S3Client.Response r = client.send("HEAD", null, Map.of(), Map.of(), S3Client.Body.EMPTY);
        if (r.status() == 404) throw noBucket();
        if (r.status() != 200) throw failure("reading", "the bucket", r);
        bucketSeen = true;
    }

    /** Creates the bucket (in the configured region) unless it exists. */
    @Override
    public void create() throws IOException {
        S3Client.Response head = client.send("HEAD", null, Map.of(), Map.of(), S3Client.Body.EMPTY);
        if (head.status() == 200) return;
        if (head.status() != 404) throw failure("checking", "the bucket", head);
        byte[] config = client.region().equals("us-east-1") ? new byte[0]
                : ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>"
                + client.region() + "</LocationConstraint></CreateBucketConfiguration>").getBytes(StandardCharsets.UTF_8);
        S3Client.Response r = client.send("PUT", null, Map.of(), Map.of(), S3Client.Body.of(config, 0, config.length));
        if (r.status() == 200 || "BucketAlreadyOwnedByYou".equals(r.code())) return;
        throw failure("creating", "the bucket", r);
    }

    NotFoundException notFound(String name) {
        return new NotFoundException("file " + name + " not found in " + loc.text());
    }

    private EOFException eof(String name, long size, long offset, int length) {
        return new EOFException("file " + name + " in " + loc.text() + " is " + size + " bytes, cannot read " + length
                + " bytes at offset " + offset);
    }

    private PermanentException noBucket() {
        return new PermanentException("S3 bucket '" + loc.bucket() + "' does not exist at " + loc.endpoint()
                + " (check the location; 'holdfast init' creates it)");
    }

    /** The error for a failed request: NotFoundException, PermanentException (denied, no bucket) or IOException. */
    IOException failure(String doing, String what, S3Client.Response r) {
        String code = r.code() == null ? "HTTP " + r.status() : r.code();
        if ("NoSuchBucket".equals(code)) return noBucket();
        if (r.status() == 404 && !"the bucket".equals(what)) return notFound(what);
        String where = doing + " " + what + " in " + loc.text() + ": ";
        return switch (code) {
            case "ExpiredToken", "TokenRefreshRequired" -> new PermanentException(where + "the S3 credentials have expired ("
                    + client.credentials() + "); get fresh ones");
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken" -> new PermanentException(where
                    + "the server rejected the " + client.credentials() + " (" + code + "); check the access key and secret");
            case "AuthorizationHeaderMalformed", "PermanentRedirect" -> new PermanentException(where + code + " " + r.message()
                    + " (is the region right? set -o s3.region=REGION or AWS_REGION)");
            case "BucketAlreadyExists" -> new PermanentException(where + "the bucket name is taken by another account");
            default -> r.status() == 403
                    ? new PermanentException(where + "access denied (" + code + ") for " + client.credentials()
                            + "; check the access key, the secret and the bucket's permissions")
                    : r.status() >= 400 && r.status() < 500 && r.status() != 408 && r.status() != 429
                    ? new PermanentException(where + code + (r.message().isEmpty() ? "" : ": " + r.message()))
                    : new PermanentException(where + code + (r.message().isEmpty() ? "" : ": " + r.message()) + " (gave up after retries)");
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
