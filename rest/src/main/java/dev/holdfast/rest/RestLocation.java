package dev.holdfast.rest;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A parsed {@code rest:https://[user@]host[:port][/path/]} location. The path, when there is one,
 * is where a reverse proxy forwards to the server; requests go below it.
 *
 * @param base the server's base URI, ending with '/', without user information
 * @param user the user named in the location, or null
 */
public record RestLocation(URI base, String user) {
    public static final String SCHEME = "rest";

    /** @throws IllegalArgumentException naming the location and what is wrong with it */
    public static RestLocation parse(String location) {
        if (!location.startsWith(SCHEME + ":")) throw bad(location, "it does not start with rest:");
        String url = location.substring(SCHEME.length() + 1);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw bad(location, e.getReason());
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw bad(location, "expected rest:https://host:port/ (the server speaks HTTPS only)");
        }
        if (uri.getHost() == null) throw bad(location, "no host name");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw bad(location, "no query or fragment allowed");
        String user = uri.getUserInfo();
        if (user != null && user.contains(":")) {
            String shown = location.replace(uri.getRawUserInfo(), user.substring(0, user.indexOf(':')) + ":***");
            throw bad(shown, "a password in the URL would show in process lists; set HOLDFAST_REST_PASSWORD or -o rest.password-file=FILE");
        }
        if (user != null && user.isEmpty()) user = null;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) path += "/";
        try {
            URI base = new URI("https", null, uri.getHost(), uri.getPort(), null, null, null).resolve(path);
            return new RestLocation(base, user);
        } catch (URISyntaxException e) {
            throw bad(location, e.getReason());
        }
    }

    /** The location as users write it, without a password: {@code rest:https://user@host:port/}. */
    public String display(String effectiveUser) {
        String s = base.toString();
        if (effectiveUser == null) return SCHEME + ":" + s;
        return SCHEME + ":https://" + effectiveUser + "@" + s.substring("https://".length());
    }

    private static IllegalArgumentException bad(String location, String why) {
        return new IllegalArgumentException("repository " + location + ": " + why);
    }
}
