package dev.holdfast.cli;

import dev.holdfast.engine.backup.BackupProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shows backup progress: a status line redrawn on a terminal (files, bytes, rate, ETA, current
 * file), or with --json one status object per line every second. Silent otherwise.
 */
final class ProgressPrinter {
    private final Env env;
    private final boolean json;
    private final BackupProgress p;
    private Thread thread;

    ProgressPrinter(Env env, boolean json, BackupProgress p) {
        this.env = env;
        this.json = json;
        this.p = p;
    }

    void start() {
        if (!json && !env.terminal()) return;
        thread = Thread.ofPlatform().daemon().name("progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(json ? 1000 : 250);
                    print();
                }
            } catch (InterruptedException e) {
                // stopped
            }
        });
    }

    void stop() {
        if (thread == null) return;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!json) env.err().print("\r\033[K");
    }

    private void print() {
        double secs = p.seconds();
        long done = p.bytesDone.get(), total = p.bytesFound.get();
        double rate = secs > 0 ? done / secs : 0;
        double eta = rate > 0 && total > done ? (total - done) / rate : 0;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "status");
            m.put("seconds_elapsed", Math.round(secs * 10) / 10.0);
            m.put("seconds_remaining", Math.round(eta));
            m.put("files_done", p.filesDone.get());
            m.put("total_files", p.filesFound.get());
            m.put("bytes_done", done);
            m.put("total_bytes", total);
            m.put("bytes_added", p.bytesAdded.get());
            m.put("errors", p.errors.get());
            m.put("current_file", p.currentFile.get());
            env.out().println(dev.holdfast.repo.io.Json.writeString(m, false));
            return;
        }
        String file = p.currentFile.get();
        if (file.length() > 40) file = "..." + file.substring(file.length() - 37);
        env.err().printf("\r\033[K[%s] %d/%d files, %s/%s, %s/s, ETA %s  %s", Units.duration(secs), p.filesDone.get(), p.filesFound.get(),
                Units.bytes(done), Units.bytes(total), Units.bytes((long) rate), Units.duration(eta), file);
        env.err().flush();
    }
}
