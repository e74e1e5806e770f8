package dev.holdfast.engine.forget;

import dev.holdfast.repo.snapshot.SnapshotRef;
import java.util.List;

/** What retention decided for one snapshot: keep or remove, and why (the rules that keep it, or why not). */
public record Decision(SnapshotRef snapshot, String group, boolean keep, List<String> reasons) {}
