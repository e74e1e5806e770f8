package dev.holdfast.repo.gc;

import dev.holdfast.repo.io.FormatException;
import dev.holdfast.repo.io.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The process that wrote a session, lock or marker: host name, pid and the process's start time
 * (so a reused pid is not mistaken for the original process).
 */
public record Owner(String host, long pid, long startMillis) {
    /** What can be said about an owner from this host. */
    public enum State { ALIVE, DEAD, UNKNOWN }

    /** This process, on the given host. */
    public static Owner current(String host) {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(host, self.pid(), startOf(self).orElse(0L));
    }

    private static Optional<Long> startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    /**
     * ALIVE or DEAD when the owner ran on this host (its pid is gone, or now belongs to a process
     * that started at another time), UNKNOWN for other hosts: then only the age of its files tells.
     */
    public State state(String thisHost) {
        if (!host.equals(thisHost)) return State.UNKNOWN;
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
        return m;
    }

    static Owner from(Json.Fields f) throws FormatException {
        return new Owner(f.string("host"), f.number("pid"), f.number("processStart"));
    }

    @Override
    public String toString() {
        return "pid " + pid + " on " + host;
    }
}
