package dev.holdfast.storage.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import dev.holdfast.storage.PermanentException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends signed S3 requests over HTTP/1.1 and retries the ones that may succeed later: throttling
 * (503 SlowDown, 429), other 5xx answers, timeouts and dropped connections, with exponential
 * backoff and jitter. A request body is re-created for every attempt.
 */
final class S3Client implements AutoCloseable {
    /** One answer: status, headers and body (the error document for a failure). */
    record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String code() {
            return tag("Code");
        }

        String message() {
            String m = tag("Message");
            return m == null ? "" : m;
        }

        private String tag(String name) {
            Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(new String(body, StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        }
    }

    /** A request body that can be produced again for a retry. */
    record Body(Supplier<HttpRequest.BodyPublisher> publisher, String sha256) {
        static final Body EMPTY = new Body(HttpRequest.BodyPublishers::noBody, SigV4.EMPTY_SHA256);

        static Body of(byte[] data, int off, int len) {
            return new Body(() -> HttpRequest.BodyPublishers.ofByteArray(data, off, len), SigV4.sha256Hex(data, off, len));
        }
    }

    private final HttpClient http;
    private final S3Location loc;
    private final Credentials creds;
    private final String region;
    private final int attempts;
    private final Duration firstDelay;
    private final Duration timeout;
    private final Clock clock;

    S3Client(S3Location loc, Credentials creds, String region, int attempts, Duration firstDelay, Duration timeout) {
        this.loc = loc;
        this.creds = creds;
        this.region = region;
        this.attempts = Math.max(1, attempts);
        this.firstDelay = firstDelay;
        this.timeout = timeout;
        this.clock = Clock.systemUTC();
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equals(loc.endpoint().getScheme())) b.sslContext(unusedTls());
        this.http = b.build();
    }

    /**
     * The TLS context of a client that only speaks plain http (redirects are not followed, so it
     * never connects with TLS): without trust anchors, so building the client does not load the
     * CA store and the JDK's default TLS setup (about 0.4 s of a command's start-up here).
     */
    private static javax.net.ssl.SSLContext unusedTls() {
        try {
            javax.net.ssl.SSLContext c = javax.net.ssl.SSLContext.getInstance("TLS");
            c.init(null, new javax.net.ssl.TrustManager[0], null);
            return c;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("no TLS implementation in this JDK", e);
        }
    }

    String region() {
        return region;
    }

    Credentials credentials() {
        return creds;
    }

    /** Sends a request on key (null: the bucket), retrying transient failures; returns the last answer. */
    Response send(String method, String key, Map<String, String> query, Map<String, String> headers, Body body) throws IOException {
        return send(method, key, query, headers, body, HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * As {@link #send(String, String, Map, Map, Body)}, with the answer's body read by the handler
     * (which must give the body as bytes for an error answer, so its code can be read).
     */
    Response send(String method, String key, Map<String, String> query, Map<String, String> headers, Body body,
                  HttpResponse.BodyHandler<byte[]> handler) throws IOException {
        // Failures that end the retries here are PermanentExceptions: these retries are the
        // storage's own, and a RetryingStorage around it must not multiply them.
        IOException last = null;
        for (int attempt = 1; ; attempt++) {
            try {
                Response r = once(method, key, query, headers, body, handler);
                if (!retryable(r) || attempt >= attempts) return r;
            } catch (ConnectException e) {
                last = e;
                if (attempt >= Math.min(attempts, 3)) throw unreachable(e);
            } catch (InterruptedIOException e) {
                throw e;
            } catch (java.net.http.HttpTimeoutException e) {
                last = e; // no answer in time: a server that hangs is not waited for 8 times over
                if (attempt >= Math.min(attempts, 3)) {
                    throw new PermanentException(method + " " + describe(key) + " on " + loc.text() + ": the S3 server "
                            + loc.endpoint() + " did not answer within " + timeout.toSeconds() + " s, " + attempt + " times (-o s3.timeout)", e);
                }
            } catch (javax.net.ssl.SSLException e) {
                throw new PermanentException("TLS with S3 server " + loc.endpoint() + " failed (" + reason(e)
                        + "); for a server without TLS write the location as s3:http://...", e);
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).startsWith("Invalid status line") || e instanceof java.net.ProtocolException) {
                    throw new PermanentException(loc.endpoint() + " does not answer as an S3 server does (" + reason(e) + ")", e);
                }
                last = e;
                if (attempt >= attempts) {
                    throw new PermanentException(method + " " + describe(key) + " on " + loc.text() + " failed after " + attempt
                            + (attempt == 1 ? " attempt: " : " attempts: ") + reason(last), last);
                }
            }
            sleep(attempt);
        }
    }

    private IOException unreachable(ConnectException e) {
        return new PermanentException("cannot connect to S3 server " + loc.endpoint() + " (" + reason(e)
                + "); check the address and that the server is running", e);
    }

    private Response once(String method, String key, Map<String, String> query, Map<String, String> headers, Body body,
                          HttpResponse.BodyHandler<byte[]> handler) throws IOException {
        // One instant for the header and the signature: two reads may fall in different seconds.
        java.time.Instant now = clock.instant();
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("host", loc.hostHeader());
        signed.put("x-amz-date", SigV4.AMZ_DATE.format(now));
        signed.put("x-amz-content-sha256", body.sha256());
        if (creds.sessionToken() != null && !creds.sessionToken().isEmpty()) signed.put("x-amz-security-token", creds.sessionToken());
        String auth = SigV4.authorization(creds, region, "s3", method, loc.canonicalPath(key), query, signed, body.sha256(), now);
        HttpRequest.Builder b = HttpRequest.newBuilder(loc.uri(key, SigV4.canonicalQuery(query))).timeout(timeout)
                .method(method, body.publisher().get()).header("Authorization", auth);
        signed.forEach((k, v) -> {
            if (!k.equals("host")) b.header(k, v);
        });
        try {
            HttpResponse<byte[]> r = http.send(b.build(), handler);
            return new Response(r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to " + loc.endpoint());
        }
    }

    /**
     * A body handler that copies a 206 (partial content) answer straight into buf[off, off+length)
     * as it arrives, without buffering it (the answer's body is then empty; {@link #received()} is
     * how many bytes came); any other answer is read whole.
     */
    static final class Into implements HttpResponse.BodyHandler<byte[]> {
        private final byte[] buf;
        private final int off;
        private final int length;
        private volatile long received;

        Into(byte[] buf, int off, int length) {
            java.util.Objects.checkFromIndexSize(off, length, buf.length);
            this.buf = buf;
            this.off = off;
            this.length = length;
        }

        long received() {
            return received;
        }

        @Override
        public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
            if (info.statusCode() != 206) return HttpResponse.BodySubscribers.ofByteArray();
            received = 0;
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.fromSubscriber(new java.util.concurrent.Flow.Subscriber<java.util.List<java.nio.ByteBuffer>>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(java.util.List<java.nio.ByteBuffer> items) {
                    for (java.nio.ByteBuffer b : items) {
                        int n = b.remaining();
                        long at = received;
                        if (at + n <= length) b.get(buf, off + (int) at, n);
                        received = at + n; // more than asked for is counted, never written
                    }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
            }), ignored -> new byte[0]);
        }
    }

    private static boolean retryable(Response r) {
        return r.status() == 429 || r.status() >= 500 || r.status() == 400 && "RequestTimeout".equals(r.code());
    }

    private void sleep(int attempt) throws InterruptedIOException {
        long base = firstDelay.toMillis() << Math.min(attempt - 1, 16);
        long ms = Math.min(base, 10_000);
        ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a request to " + loc.endpoint());
        }
    }

    static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String describe(String key) {
        return key == null ? "the bucket" : key;
    }

    @Override
    public void close() {
        http.close();
    }
}
