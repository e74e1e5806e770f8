package dev.holdfast.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** Requests the server refuses get a status line and a one-line reason, not a dropped connection. */
class ErrorRepliesTest extends RunningServer {
    /** The test trusts the server it started itself (the client proper pins the fingerprint). */
    private HttpClient client() throws Exception {
        X509TrustManager any = new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {any}, null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private HttpResponse<String> get(String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("read:read-pw".getBytes(StandardCharsets.UTF_8)));
        if (range != null) b.header("Range", range);
        return client().send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badRequestsAreAnsweredWithTheirReason() throws Exception {
        server.repo.put("config", new byte[409]);
        HttpResponse<String> bad = get("v1/objects/config", "bytes=abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("malformed Range");
        HttpResponse<String> badName = get("v1/objects/tmp", null);
        assertThat(badName.statusCode()).isEqualTo(400);
        HttpResponse<String> pastEnd = get("v1/objects/config", "bytes=409-");
        assertThat(pastEnd.statusCode()).isEqualTo(416);
        assertThat(pastEnd.headers().firstValue("Content-Range")).contains("bytes */409");
        assertThat(get("v1/objects/config", "bytes=400-").statusCode()).isEqualTo(206);
    }
}
