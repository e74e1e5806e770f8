package dev.holdfast.engine.filter;

import java.util.List;

/**
 * Include and exclude globs over absolute byte paths. A path is excluded when any exclude pattern
 * matches it; when include patterns are given, a file is kept only if it or a directory above it
 * matches one.
 */
public record PathFilter(List<Glob> includes, List<Glob> excludes) {
    public static final PathFilter ALL = new PathFilter(List.of(), List.of());

    public static PathFilter of(List<String> includes, List<String> excludes) {
        return new PathFilter(includes.stream().map(Glob::new).toList(), excludes.stream().map(Glob::new).toList());
    }

    public boolean excluded(byte[] path) {
        for (Glob g : excludes) if (g.matches(path)) return true;
        return false;
    }

    public boolean hasIncludes() {
        return !includes.isEmpty();
    }

    public boolean included(byte[] path) {
        for (Glob g : includes) if (g.matches(path)) return true;
        return false;
    }
}
