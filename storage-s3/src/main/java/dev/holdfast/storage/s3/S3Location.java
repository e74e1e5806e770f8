package dev.holdfast.storage.s3;

import java.net.URI;
import java.util.Locale;

/**
 * A parsed {@code s3:} location: {@code s3:https://endpoint[:port]/bucket[/prefix]} (or http for a
 * server on loopback; {@code s3:endpoint/bucket/prefix} means https). Blob {@code name} is the key
 * {@code prefix + name}.
 *
 * @param endpoint scheme, host and port of the server, without a path
 * @param prefix "" or a key prefix ending with '/'
 * @param pathStyle true to address the bucket in the path ({@code https://endpoint/bucket/key}),
 *     false for virtual-hosted style ({@code https://bucket.endpoint/key})
 */
record S3Location(String text, URI endpoint, String bucket, String prefix, boolean pathStyle) {

    /** Parses location; pathStyleSetting is -o s3.path-style (null: auto, virtual-hosted only for amazonaws.com). */
    static S3Location parse(String location, String pathStyleSetting) {
        String rest = location.substring("s3:".length());
        if (rest.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !rest.startsWith("http://") && !rest.startsWith("https://")) {
            throw new IllegalArgumentException("repository " + location + ": an S3 endpoint is reached over http or https; expected s3:https://ENDPOINT/BUCKET[/PREFIX]");
        }
        if (!rest.startsWith("http://") && !rest.startsWith("https://")) rest = "https://" + rest.replaceFirst("^//", "");
        URI uri;
        try {
            uri = URI.create(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("repository " + location + ": not a valid URL (" + e.getMessage() + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("repository " + location + ": no server name; expected s3:https://ENDPOINT/BUCKET[/PREFIX]");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("repository " + location + ": no bucket; expected s3:https://ENDPOINT/BUCKET[/PREFIX]");
        }
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1).replaceAll("/+", "/") + "/";
        boolean pathStyle = switch (pathStyleSetting == null ? "auto" : pathStyleSetting.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            case "auto" -> !uri.getHost().endsWith("amazonaws.com") || bucket.contains(".");
            default -> throw new IllegalArgumentException("option -o s3.path-style=" + pathStyleSetting + ": expected true, false or auto");
        };
        URI endpoint = URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        return new S3Location(location, endpoint, bucket, prefix, pathStyle);
    }

    /** The URL of key (null: the bucket itself) with the given raw query. */
    URI uri(String key, String rawQuery) {
        String path = (pathStyle ? "/" + SigV4.encode(bucket, true) : "") + "/" + (key == null ? "" : SigV4.encode(key, false));
        return URI.create(base() + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery));
    }

    /** The encoded path part of {@link #uri}, as signed. */
    String canonicalPath(String key) {
        return (pathStyle ? "/" + SigV4.encode(bucket, true) : "") + "/" + (key == null ? "" : SigV4.encode(key, false));
    }

    /** The Host header the HTTP client sends for this location. */
    String hostHeader() {
        URI b = URI.create(base());
        int port = b.getPort();
        boolean dflt = port == -1 || port == 80 && "http".equals(b.getScheme()) || port == 443 && "https".equals(b.getScheme());
        return dflt ? b.getHost() : b.getHost() + ":" + port;
    }

    private String base() {
        if (pathStyle) return endpoint.toString();
        return endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority();
    }
}
