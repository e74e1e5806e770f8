package dev.holdfast.crypto;

import java.io.IOException;

/** A ciphertext failed authentication: it was damaged, truncated or forged. */
public class AuthenticationException extends IOException {
    public AuthenticationException(String message) {
        super(message);
    }
}
