/**
 * The SFTP backend, {@code sftp:user@host:/path} and {@code sftp://user@host:port/path}, on Apache
 * MINA SSHD: {@code SftpLocation} parses locations, {@code SshConnector} opens authenticated
 * sessions (keys from ~/.ssh or --ssh-key, host keys checked against known_hosts),
 * {@code SftpPool} shares a few SFTP channels between threads, and {@code SftpStorage} is the
 * {@link dev.holdfast.storage.Storage}. {@code SftpProvider} is the only class loaded until an
 * sftp: location is opened.
 */
package dev.holdfast.storage.sftp;
