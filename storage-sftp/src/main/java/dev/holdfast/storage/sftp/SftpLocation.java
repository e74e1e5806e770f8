package dev.holdfast.storage.sftp;

import java.net.URI;

/**
 * A parsed {@code sftp:} location: {@code sftp:[user@]host:path} (scp style; a relative path is
 * relative to the login directory) or {@code sftp://[user@]host[:port]/path}.
 *
 * @param user the login name, or null for the local user
 * @param path the repository directory on the server, without a trailing '/'
 */
record SftpLocation(String text, String user, String host, int port, String path) {

    static SftpLocation parse(String location) {
        String rest = location.substring("sftp:".length());
        if (rest.startsWith("//")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw bad(location, e.getMessage());
            }
            if (uri.getHost() == null) {
                // java.net.URI leaves the host out when the port is not a number
                throw bad(location, badPort(uri.getRawAuthority()) ? "the port is not a number" : "no host name");
            }
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "." : uri.getPath();
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return new SftpLocation(location, uri.getUserInfo(), host, uri.getPort() < 0 ? 22 : uri.getPort(), trim(path));
        }
        int at = rest.indexOf('@');
        String user = null;
        int firstColon = rest.indexOf(':');
        if (at >= 0 && (firstColon < 0 || at < firstColon)) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String host;
        String path;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) throw bad(location, "expected [ADDRESS]:PATH");
            host = rest.substring(1, close);
            path = rest.substring(close + 2);
        } else {
            int colon = rest.indexOf(':');
            if (colon <= 0) throw bad(location, "expected sftp:USER@HOST:PATH or sftp://USER@HOST:PORT/PATH");
            host = rest.substring(0, colon);
            path = rest.substring(colon + 1);
        }
        if (user != null && user.isEmpty() || host.isEmpty()) throw bad(location, "empty user or host name");
        return new SftpLocation(location, user, host, 22, trim(path.isEmpty() ? "." : path));
    }

    private static String trim(String path) {
        String p = path.length() > 1 ? path.replaceAll("/+$", "") : path;
        return p.isEmpty() ? "/" : p;
    }

    private static IllegalArgumentException bad(String location, String why) {
        return new IllegalArgumentException("repository " + location + ": " + why
                + " (forms: sftp:USER@HOST:/PATH, sftp://USER@HOST:PORT/PATH)");
    }

    /** Whether an authority ([user@]host[:port]) has a port that is not a number (java.net.URI then has no host). */
    private static boolean badPort(String authority) {
        if (authority == null) return false;
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || colon < hostPort.lastIndexOf(']')) return false;
        String port = hostPort.substring(colon + 1);
        return !port.isEmpty() && !port.chars().allMatch(Character::isDigit);
    }

    /** host or [host]:port, as known_hosts and messages name it. */
    String hostAndPort() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
