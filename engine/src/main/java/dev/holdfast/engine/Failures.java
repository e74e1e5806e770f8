package dev.holdfast.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;

/** Turns the failure of a pipeline of CompletableFutures back into what its stage threw. */
public final class Failures {
    private Failures() {}

    /** The IOException or RuntimeException a stage threw (unwrapping UncheckedIOException), to be thrown. */
    public static IOException unwrap(CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof UncheckedIOException u) return u.getCause();
        if (c instanceof IOException io) return io;
        if (c instanceof RuntimeException r) throw r;
        return new IOException(c);
    }
}
