package dev.holdfast.repo;

import java.io.IOException;

/** No key file of the repository opens with the given password (exit code 12). */
public class WrongPasswordException extends IOException {
    public WrongPasswordException(String message) {
        super(message);
    }
}
