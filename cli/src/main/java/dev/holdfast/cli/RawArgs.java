package dev.holdfast.cli;

import dev.holdfast.engine.BytePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line as the kernel passed it. The JVM decodes arguments in the locale's character
 * set, which loses every byte that is not valid there (a file name that is not UTF-8 becomes
 * U+FFFD, any non-ASCII name becomes '?' without a UTF-8 locale). When an argument shows such a
 * loss, the arguments are read again from /proc/self/cmdline and decoded with
 * {@link BytePaths#decode}, so paths and patterns keep their exact bytes.
 */
final class RawArgs {
    private RawArgs() {}

    static String[] of(String[] args) {
        if (Arrays.stream(args).noneMatch(RawArgs::lossy)) return args;
        try {
            return of(args, Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return args;
        }
    }

    /** args recovered from a NUL-separated command line whose last entries they are; args when they do not match it. */
    static String[] of(String[] args, byte[] cmdline) {
        List<byte[]> all = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                all.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (all.size() < args.length) return args;
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = BytePaths.decode(all.get(all.size() - args.length + i));
            if (!ascii(out[i]).equals(ascii(args[i]))) return args; // not the same command line
        }
        return out;
    }

    private static boolean lossy(String arg) {
        return arg.indexOf('\uFFFD') >= 0 || arg.indexOf('?') >= 0;
    }

    /** The ASCII characters of s but '?', which every decoding keeps alike. */
    private static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80 && c != '?') sb.append(c);
        }
        return sb.toString();
    }
}
