package dev.holdfast.engine.restore;

import java.util.List;

/** What a restore wrote and which files it could not restore (each named, with the reason). */
public record RestoreResult(long files, long dirs, long others, long bytes, List<String> errors) {}
