package dev.holdfast.storage.sftp;

import dev.holdfast.storage.Storage;
import dev.holdfast.storage.StorageOptions;
import dev.holdfast.storage.StorageProvider;
import java.io.IOException;
import java.util.List;

/**
 * Opens {@code sftp:} locations. Settings: {@code ssh-key} (a private key file; default the first
 * of ~/.ssh/id_ed25519, id_ecdsa, id_rsa), {@code sftp.known-hosts} (default ~/.ssh/known_hosts),
 * {@code sftp.connections} (parallel SSH sessions, default 4), {@code sftp.timeout} (seconds for
 * connecting and for each request, default 30).
 */
public final class SftpProvider implements StorageProvider {
    @Override
    public List<String> schemes() {
        return List.of("sftp");
    }

    @Override
    public java.util.Set<String> settings() {
        return java.util.Set.of("ssh-key", "sftp.connections", "sftp.timeout", "sftp.known-hosts");
    }

    @Override
    public Storage open(String location, StorageOptions options) throws IOException {
        SftpLocation loc = SftpLocation.parse(location);
        int connections = (int) options.number("sftp.connections", 4);
        if (connections < 1) throw new IllegalArgumentException("option -o sftp.connections: at least 1");
        SshConnector connector = new SshConnector(loc, options, options.number("sftp.timeout", 30));
        return new SftpStorage(loc, new SftpPool(connector, connections));
    }

}
