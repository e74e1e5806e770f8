package dev.holdfast.repo.gc;

import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process that wrote a session, lock or marker: the host name it reports (its --host, for
 * messages), pid, the process's start time (so a reused pid is not mistaken for the original
 * process), and the process-id space it ran in: the kernel's boot id and its pid namespace. Only
 * an owner in this process's pid space can be found dead by its pid; a host name says nothing
 * about that (backups may record any --host, and containers share names and boot ids).
 */
public record Owner(String host, long pid, long startMillis, String pidSpace) {
    /** What can be said about an owner from this process. */
    public enum State { ALIVE, DEAD, UNKNOWN }

    /** This process's pid space, or "" when it cannot be told (then no owner is judged by its pid). */
    static final String PID_SPACE = readPidSpace();

    /** This process, reporting the given host name. */
    public static Owner current(String host) {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(host, self.pid(), startOf(self).orElse(0L), PID_SPACE);
    }

    private static String readPidSpace() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot.isEmpty() || ns.isEmpty() ? "" : boot + " " + ns;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static Optional<Long> startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    /**
     * ALIVE or DEAD when the owner ran in this process's pid space (its pid is gone, or now belongs
     * to a process that started at another time), UNKNOWN otherwise: then only the age of its files tells.
     */
    public State state() {
        if (pidSpace.isEmpty() || !pidSpace.equals(PID_SPACE)) return State.UNKNOWN;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return State.DEAD;
        Optional<Long> start = startOf(p.get());
        if (startMillis != 0 && start.isPresent() && Math.abs(start.get() - startMillis) > 1000) return State.DEAD;
        return State.ALIVE;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host);
        m.put("pid", pid);
        m.put("processStart", startMillis);
        m.put("pidSpace", pidSpace);
        return m;
    }

    /** Files written before pidSpace was recorded have none: their owners are judged by age only. */
    static Owner from(Json.Fields f) throws FormatException {
        String space = f.optionalString("pidSpace");
        return new Owner(f.string("host"), f.number("pid"), f.number("processStart"), space == null ? "" : space);
    }

    @Override
    public String toString() {
        return "pid " + pid + " on " + host;
    }
}
