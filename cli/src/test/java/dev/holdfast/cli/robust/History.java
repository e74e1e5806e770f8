package dev.holdfast.cli.robust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A source tree that changes between backups the way prune cares about: small files rewritten,
 * added and deleted, and a file that alternates between two versions, so that data only a forgotten
 * snapshot used is wanted again by a later backup.
 */
final class History {
    private final Path src;
    private final Random r;
    private final byte[][] versions = new byte[2][];
    private int round;

    History(Path src, Random r, int files, int cycleSize) throws IOException {
        this.src = src;
        this.r = r;
        Trees.smallFiles(src, r, files, 16 * 1024);
        for (int i = 0; i < versions.length; i++) versions[i] = Trees.content(r, cycleSize, false);
        Files.write(src.resolve("cycle.bin"), versions[0]);
    }

    /** The next state: some small files rewritten, one deleted, two added, the alternating file at its other version. */
    void next() throws IOException {
        round++;
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("cycle.bin")).sorted().toList();
        }
        for (int k = 0; k < 6; k++) Files.write(files.get(r.nextInt(files.size())), Trees.content(r, r.nextInt(16 * 1024), r.nextBoolean()));
        Files.deleteIfExists(files.get(r.nextInt(files.size())));
        Path added = Files.createDirectories(src.resolve("added"));
        for (int k = 0; k < 2; k++) Files.write(added.resolve("r" + round + "-" + k + ".txt"), Trees.content(r, r.nextInt(8192), true));
        Files.write(src.resolve("cycle.bin"), versions[round % versions.length]);
    }
}
