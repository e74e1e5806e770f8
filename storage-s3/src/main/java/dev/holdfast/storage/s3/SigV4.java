package dev.holdfast.storage.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request (header-based authentication). The caller gives the
 * method, the already-encoded path, the query parameters (unencoded), the headers to sign and the
 * payload's SHA-256 in hex; {@link #authorization} returns the {@code Authorization} header.
 */
final class SigV4 {
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /**
     * The Authorization header value. headers must include host and x-amz-date (names in any case);
     * every header given is signed.
     */
    static String authorization(Credentials creds, String region, String service, String method, String encodedPath,
                                Map<String, String> query, Map<String, String> headers, String payloadSha256, Instant time) {
        String amzDate = AMZ_DATE.format(time);
        String day = amzDate.substring(0, 8);
        SortedMap<String, String> canon = new TreeMap<>();
        headers.forEach((k, v) -> canon.put(k.toLowerCase(java.util.Locale.ROOT), v.strip().replaceAll(" +", " ")));
        String signed = String.join(";", canon.keySet());
        String request = method + "\n" + encodedPath + "\n" + canonicalQuery(query) + "\n"
                + canon.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n").collect(Collectors.joining())
                + "\n" + signed + "\n" + payloadSha256;
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + sha256Hex(request.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + creds.secretKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        return "AWS4-HMAC-SHA256 Credential=" + creds.accessKey() + "/" + scope + ",SignedHeaders=" + signed
                + ",Signature=" + signature;
    }

    /** Query parameters sorted by encoded name, each name and value URI-encoded. */
    static String canonicalQuery(Map<String, String> query) {
        SortedMap<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> sorted.put(encode(k, true), encode(v, true)));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (and '/' unless slash). */
    static String encode(String s, boolean slash) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (x & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
                    || c == '/' && !slash) {
                b.append(c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
            }
        }
        return b.toString();
    }

    static String sha256Hex(byte[] data) {
        return sha256Hex(data, 0, data.length);
    }

    static String sha256Hex(byte[] data, int off, int len) {
        MessageDigest d = sha256();
        d.update(data, off, len);
        return HEX.formatHex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
