/** Content identifiers: keyed HMAC-SHA256 chunk ids and SHA-256 file names. */
package dev.holdfast.hash;
