package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test (needs root and CAP_SYS_ADMIN), to provoke real ENOSPC and
 * EROFS errors. {@link #tryMount} returns empty where mounting is not possible.
 */
final class TmpfsMount implements AutoCloseable {
    private final Path dir;

    private TmpfsMount(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of sizeBytes on dir (created if needed), or returns empty if we cannot. */
    static Optional<TmpfsMount> tryMount(Path dir, long sizeBytes) throws IOException {
        Files.createDirectories(dir);
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        boolean ok = run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "tmpfs",
                dir.toString());
        return ok ? Optional.of(new TmpfsMount(dir)) : Optional.empty();
    }

    Path dir() {
        return dir;
    }

    /** Makes the filesystem read-only. */
    void remountReadOnly() {
        if (!run("mount", "-o", "remount,ro", dir.toString())) {
            throw new IllegalStateException("cannot remount " + dir + " read-only");
        }
    }

    @Override
    public void close() {
        if (!run("umount", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
