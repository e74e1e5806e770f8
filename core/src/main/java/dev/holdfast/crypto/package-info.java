/** Authenticated encryption (AES-256-GCM) and password-based key derivation (scrypt). */
package dev.holdfast.crypto;
