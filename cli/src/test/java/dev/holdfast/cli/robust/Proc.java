package dev.holdfast.cli.robust;

import dev.holdfast.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A CLI command running as a separate process whose output is drained in the background. */
final class Proc {
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    private final Thread outReader, errReader;

    private Proc(Process p) {
        this.process = p;
        outReader = drain(p.getInputStream(), out);
        errReader = drain(p.getErrorStream(), err);
    }

    static Proc start(Cli cli, String... args) throws IOException {
        Process p = cli.spawn(args);
        p.getOutputStream().close();
        return new Proc(p);
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream to) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                in.transferTo(to);
            } catch (IOException e) {
                // the process was killed
            }
        });
    }

    /** Waits up to millis; true when the process has exited by itself. */
    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** SIGKILL (on Linux) and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("process " + process.pid() + " survived SIGKILL");
    }

    /** Waits for the process to end (at most timeoutSeconds) and returns its exit code and output. */
    Cli.Result result(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("process did not finish in " + timeoutSeconds + " s");
        }
        outReader.join();
        errReader.join();
        synchronized (this) {
            return new Cli.Result(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
