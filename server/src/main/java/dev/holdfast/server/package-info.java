/**
 * The repository server behind {@code holdfast serve}: a repository's storage over HTTPS
 * ({@code RepositoryServer}, with {@code RequestHandler} routing requests, {@code ObjectReads}
 * streaming objects out and {@code Uploads} storing them atomically), its users and their roles
 * ({@code UsersFile}, {@code Role}, {@code PasswordHash}, {@code Authenticator}) and its TLS
 * certificate ({@code ServerCertificate}, {@code PemFiles}). It stores what clients send, which is
 * encrypted: it never needs the repository's password. The protocol is
 * {@code dev.holdfast.rest.Protocol}, the client {@code dev.holdfast.rest.RestStorage}.
 */
package dev.holdfast.server;
