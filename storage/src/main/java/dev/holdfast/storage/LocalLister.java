package dev.holdfast.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists the blobs of a {@link LocalStorage} under a prefix, reading only the directories the prefix
 * can match: for "data/ab/" only {@code root/data/ab/} and below, for "data/a" only the entries of
 * {@code root/data/} starting with "a". The reserved {@code tmp/} directory and files whose names
 * are not valid blob names are skipped. Symbolic links are followed.
 */
final class LocalLister {
    private LocalLister() {}

    /** The blobs whose names start with prefix (a valid prefix), sorted by name. */
    static List<BlobInfo> list(Path root, String prefix) throws IOException {
        List<BlobInfo> out = new ArrayList<>();
        if (NameRules.isReservedPrefix(prefix)) {
            return out;
        }
        int slash = prefix.lastIndexOf('/');
        String dirName = slash < 0 ? "" : prefix.substring(0, slash);
        Path dir = dirName.isEmpty() ? root : root.resolve(dirName);
        scan(dir, dirName, prefix.substring(slash + 1), out);
        out.sort(Comparator.comparing(BlobInfo::name));
        return out;
    }

    private static void scan(Path dir, String dirName, String start, List<BlobInfo> out)
            throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (!file.startsWith(start)) {
                    continue;
                }
                String name = dirName.isEmpty() ? file : dirName + "/" + file;
                if (!NameRules.isValid(name)) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (a.isDirectory()) {
                    scan(entry, name, "", out);
                } else if (a.isRegularFile()) {
                    out.add(new BlobInfo(name, a.size()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // nothing under this prefix (or removed while we walked)
        }
    }
}
