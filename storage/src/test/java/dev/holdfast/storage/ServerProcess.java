package dev.holdfast.storage;

import java.util.concurrent.TimeUnit;

/** Stopping the server processes tests start (sshd, S3Proxy). */
public final class ServerProcess {
    private ServerProcess() {}

    /** SIGTERM, then SIGKILL if the process has not ended after 10 s. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
