/**
 * The {@code rest:} storage backend: a client of the Holdfast repository server
 * ({@code holdfast serve}) over HTTPS with basic authentication. {@code Protocol} names the
 * requests (documented in docs/server.md), {@code RestLocation} parses locations,
 * {@code RestTls} builds the TLS context (a pinned certificate fingerprint, or the system's trusted
 * authorities), {@code Fingerprint} formats and parses certificate fingerprints, and
 * {@code RestStorage} implements {@code Storage} with the JDK's HTTP client. Nothing here is loaded
 * unless a {@code rest:} location is opened.
 */
package dev.holdfast.rest;
