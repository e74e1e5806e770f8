package dev.holdfast.cli;

import dev.holdfast.engine.copy.Copy;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints what a copy did to each snapshot, as text or JSON lines, and counts the outcomes. */
final class CopyPrinter {
    private final BaseCommand command;
    private final boolean json;
    private final String target;
    private final String summaryType;
    int copied, present, failed;

    /** @param summaryType the message_type of the JSON summary line ("summary" for copy, "replica" after a backup) */
    CopyPrinter(BaseCommand command, boolean json, String target, String summaryType) {
        this.command = command;
        this.json = json;
        this.target = target;
        this.summaryType = summaryType;
    }

    void status(String message) {
        if (!json) command.env.out().println(message);
    }

    void print(Copy.Outcome o) {
        if (o.skipped()) present++;
        else if (o.ok()) copied++;
        else failed++;
        for (String e : o.errors()) command.env.err().println("error: " + e);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", "snapshot");
            m.put("source_id", o.source().id());
            m.put("target", target);
            m.put("target_id", o.targetId());
            m.put("status", o.skipped() ? "present" : o.ok() ? "copied" : "failed");
            m.put("blobs_sent", o.blobsSent());
            m.put("bytes_sent", o.bytesSent());
            m.put("errors", o.errors());
            command.printJson(m);
            return;
        }
        String s = "snapshot " + o.source().shortId();
        if (o.skipped()) command.env.out().println(s + " is already in " + target + " as " + o.targetId().substring(0, 8));
        else if (o.ok()) command.env.out().println(s + " copied to " + target + " as " + o.targetId().substring(0, 8) + ": "
                + o.blobsSent() + " blobs, " + Units.bytes(o.bytesSent()) + " sent");
        else command.env.out().println(s + " was NOT copied to " + target + ": " + Units.count(o.errors().size(), "problem") + " (named above)");
    }

    void summary() {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message_type", summaryType);
            m.put("target", target);
            m.put("copied", copied);
            m.put("present", present);
            m.put("failed", failed);
            command.printJson(m);
        } else {
            command.env.out().printf("%s: %s copied, %d already there, %d failed%n", target, Units.count(copied, "snapshot"), present, failed);
        }
    }
}
