package dev.holdfast.storage.sftp;

import dev.holdfast.storage.PermanentException;
import dev.holdfast.storage.StorageOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Opens authenticated SSH sessions with SFTP channels to one server, as OpenSSH would: public-key
 * authentication only (the key given, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa), and the server's
 * host key must be in known_hosts (an unknown or changed key stops the connection before any
 * authentication). Passphrase-protected keys take their passphrase from HOLDFAST_SSH_PASSPHRASE.
 */
final class SshConnector implements AutoCloseable {
    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    private final SftpLocation loc;
    private final String user;
    private final Duration timeout;
    private final Path knownHosts;
    private final List<Path> keyFiles;
    private final String passphrase;
    private final SshClient client;
    private volatile String hostKeyProblem;
    private List<KeyPair> keys;

    SshConnector(SftpLocation loc, StorageOptions options, long timeoutSeconds) {
        this.loc = loc;
        String u = loc.user() != null ? loc.user() : options.env().apply("USER");
        this.user = u != null ? u : System.getProperty("user.name");
        this.timeout = Duration.ofSeconds(timeoutSeconds);
        Path ssh = options.home().resolve(".ssh");
        String kh = options.setting("sftp.known-hosts");
        this.knownHosts = kh != null ? Path.of(kh) : ssh.resolve("known_hosts");
        String key = options.setting("ssh-key");
        this.keyFiles = key != null ? List.of(Path.of(key)) : DEFAULT_KEYS.stream().map(ssh::resolve).filter(Files::isRegularFile).toList();
        this.passphrase = options.env().apply("HOLDFAST_SSH_PASSPHRASE");
        this.client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        // AES-GCM first: the JDK runs it on the CPU's AES instructions (ChaCha20 is plain Java here).
        client.setCipherFactories(List.<NamedFactory<Cipher>>of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
                BuiltinCiphers.aes128ctr, BuiltinCiphers.aes256ctr, BuiltinCiphers.cc20p1305_openssh));
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier((session, address, key2) -> {
            hostKeyProblem = "the host key of " + loc.hostAndPort() + " is not in " + knownHosts
                    + "; check it and add it (for example: ssh " + (loc.port() == 22 ? "" : "-p " + loc.port() + " ")
                    + loc.host() + ", or ssh-keyscan)";
            return false;
        }, knownHosts);
        verifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            hostKeyProblem = "the host key of " + loc.hostAndPort() + " does not match the one in " + knownHosts
                    + " (possible man-in-the-middle attack); if the server's key really changed, remove the old entry with ssh-keygen -R '"
                    + loc.hostAndPort() + "'";
            return false;
        });
        client.setServerKeyVerifier(verifier);
        client.start();
    }

    /** A new authenticated session with one SFTP channel. */
    SftpClient open() throws IOException {
        List<KeyPair> ids = keys();
        ClientSession session;
        try {
            session = client.connect(user, loc.host(), loc.port()).verify(timeout).getSession();
        } catch (IOException e) {
            throw connectFailure(e);
        }
        try {
            for (KeyPair k : ids) session.addPublicKeyIdentity(k);
            try {
                session.auth().verify(timeout);
            } catch (IOException e) {
                if (hostKeyProblem != null) throw new PermanentException("cannot connect to " + loc.text() + ": " + hostKeyProblem, e);
                String said = causes(e);
                if (said.contains("Server key did not validate")) {
                    throw new PermanentException("cannot connect to " + loc.text() + ": the host key of " + loc.hostAndPort()
                            + " is refused by " + knownHosts + " (marked @revoked, or listed in a way that does not accept it)", e);
                }
                if (said.contains("within specified timeout")) {
                    throw new IOException("cannot log in to " + loc.hostAndPort() + ": the server did not finish the SSH login within "
                            + timeout.toSeconds() + " s (is it an SSH server? -o sftp.timeout sets the limit)", e);
                }
                if (!session.isOpen() && e.getMessage() != null && !e.getMessage().contains("No more authentication methods")) {
                    throw new IOException("connection to " + loc.hostAndPort() + " lost during login: " + e.getMessage(), e);
                }
                throw new PermanentException("cannot log in to " + loc.hostAndPort() + " as " + user + ": the server refused the key "
                        + keyFiles.stream().map(Path::toString).toList()
                        + " (add its public key to the server's ~/.ssh/authorized_keys, or pass --ssh-key FILE)", e);
            }
            return SftpClientFactory.instance().createSftpClient(session);
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    private IOException connectFailure(IOException e) {
        if (hostKeyProblem != null) return new PermanentException("cannot connect to " + loc.text() + ": " + hostKeyProblem, e);
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        if (c instanceof UnknownHostException || c instanceof java.nio.channels.UnresolvedAddressException) {
            return new PermanentException("cannot connect to " + loc.text() + ": unknown host " + loc.host(), e);
        }
        String why = c instanceof ConnectException ? "connection refused (is an SSH server listening there?)" : String.valueOf(c.getMessage());
        return new IOException("cannot connect to " + loc.hostAndPort() + " for " + loc.text() + ": " + why, e);
    }

    private synchronized List<KeyPair> keys() throws IOException {
        if (keys != null) return keys;
        if (keyFiles.isEmpty()) {
            throw new PermanentException("no SSH key to log in to " + loc.hostAndPort() + ": none of ~/.ssh/"
                    + String.join(", ~/.ssh/", DEFAULT_KEYS) + " exists; pass --ssh-key FILE");
        }
        List<KeyPair> out = new ArrayList<>();
        for (Path f : keyFiles) {
            if (!Files.isReadable(f)) throw new PermanentException("SSH key " + f + " cannot be read");
            FileKeyPairProvider p = new FileKeyPairProvider(f);
            if (passphrase != null) p.setPasswordFinder(FilePasswordProvider.of(passphrase));
            int before = out.size();
            try {
                p.loadKeys(null).forEach(out::add);
            } catch (RuntimeException e) {
                String why = passphrase == null && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password")
                        ? "it is protected by a passphrase; set HOLDFAST_SSH_PASSPHRASE" : String.valueOf(e.getMessage());
                throw new PermanentException("cannot load SSH key " + f + ": " + why, e);
            }
            if (out.size() == before) {
                throw new PermanentException("cannot load SSH key " + f + ": it holds no private key that could be read ("
                        + (passphrase == null ? "if it is protected by a passphrase, set HOLDFAST_SSH_PASSPHRASE; " : "is HOLDFAST_SSH_PASSPHRASE right? ")
                        + "a .pub file is only the public half)");
            }
        }
        keys = out;
        return out;
    }

    @Override
    public void close() throws IOException {
        client.stop();
        client.close();
    }

    /** The messages of an exception and its causes, joined. */
    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null && sb.length() < 2000; c = c.getCause() == c ? null : c.getCause()) sb.append(c.getMessage()).append(" | ");
        return sb.toString();
    }
}
