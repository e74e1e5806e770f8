package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's launcher (src/dist/bin/holdfast, which bin/holdfast runs too), with a stand-in
 * {@code java} that prints the arguments it was given: which JIT, AOT cache and options it picks.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/dist/bin/holdfast").toAbsolutePath();
    private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";
    @TempDir Path tmp;
    private Path javaHome;

    @BeforeEach
    void fakeJava() throws IOException {
        javaHome = tmp.resolve("jdk");
        Path java = javaHome.resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("HOLDFAST_"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    private static boolean libcryptoInstalled() throws IOException {
        for (String dir : List.of("/usr/lib", "/lib")) {
            try (var s = Files.list(Path.of(dir))) {
                if (s.anyMatch(d -> Files.exists(d.resolve("libcrypto.so.3")))) return true;
            } catch (IOException e) {
                // no such directory
            }
        }
        return Files.exists(Path.of("/usr/lib64/libcrypto.so.3")) || Files.exists(Path.of("/usr/lib/libcrypto.so.3"));
    }

    @Test
    void localCommandsRunWithC1OnlyAndTheMainClassGetsTheArguments() throws Exception {
        assumeTrue(libcryptoInstalled(), "libcrypto.so.3 not installed");
        List<String> args = run(Map.of(), "-r", "/srv/repo", "backup", "/home");
        assertThat(args).contains(C1_ONLY, "-XX:CompileThresholdScaling=0.25", "-XX:CICompilerCount=2", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
        assertThat(args).endsWith("dev.holdfast.cli.Main", "-r", "/srv/repo", "backup", "/home");
    }

    @Test
    void remoteRepositoriesTheServerAndPoliciesKeepC2() throws Exception {
        assertThat(run(Map.of(), "-r", "sftp:me@host:/srv/repo", "backup", "/home")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "--repo=s3:https://s3.example.com/b/p", "restore", "latest")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "copy", "--from-repo", "/a", "--to", "rest:https://host:8000/")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of("HOLDFAST_REPOSITORY", "s3:https://127.0.0.1:9000/b"), "snapshots")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "-r", "s3:http://127.0.0.1:9000/b", "copy", "--to", "s3:https://s3.example.com/b")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "-r", "s3:httpbin.example.com/b", "snapshots")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of("HOLDFAST_FROM_REPOSITORY", "sftp:me@host:/r"), "copy")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "serve", "-r", "/srv/repo")).doesNotContain(C1_ONLY);
        assertThat(run(Map.of(), "backup", "--policy", "p.json")).doesNotContain(C1_ONLY);
    }

    @Test
    void s3OverPlainHttpRunsWithC1Only() throws Exception {
        assumeTrue(libcryptoInstalled(), "libcrypto.so.3 not installed");
        assertThat(run(Map.of("HOLDFAST_REPOSITORY", "s3:http://127.0.0.1:9000/b"), "backup", "/home")).contains(C1_ONLY);
        assertThat(run(Map.of(), "restore", "-r", "s3:http://minio.lan:9000/b/p", "latest")).contains(C1_ONLY);
    }

    @Test
    void theJdkCryptoKeepsC2() throws Exception {
        assertThat(run(Map.of("HOLDFAST_CRYPTO", "jdk"), "backup", "/home")).doesNotContain(C1_ONLY);
    }

    @Test
    void javaOptionsComeLastAndTheHeapCapIsHonoured() throws Exception {
        List<String> args = run(Map.of("HOLDFAST_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Dx=y", "HOLDFAST_MAX_HEAP", "2g"), "check");
        assertThat(args).contains("-Xmx2g");
        int main = args.indexOf("-cp");
        assertThat(args.indexOf("-XX:TieredStopAtLevel=4")).isGreaterThan(Math.max(args.indexOf(C1_ONLY), args.indexOf("-Xmx2g")));
        assertThat(args.indexOf("-Dx=y")).isLessThan(main);
    }

    @Test
    void anAotCacheIsUsedWhenPresentAndWrittenWhenAskedFor() throws Exception {
        Path aot = tmp.resolve("h.aot");
        assertThat(run(Map.of("HOLDFAST_AOT", aot.toString()), "snapshots")).noneMatch(a -> a.startsWith("-XX:AOTCache"));
        Files.writeString(aot, "");
        assertThat(run(Map.of("HOLDFAST_AOT", aot.toString(), "HOLDFAST_JAR", "/x/h.jar"), "snapshots"))
                .contains("-XX:AOTCache=" + aot, "/x/h.jar");
        assertThat(run(Map.of("HOLDFAST_AOT_OUTPUT", "/x/new.aot"), "/tmp/w", "/src/docs"))
                .contains("-XX:AOTCacheOutput=/x/new.aot")
                .endsWith("dev.holdfast.cli.Train", "/tmp/w", "/src/docs");
    }

    @Test
    void pruneAndForgetGetASmallerYoungGeneration() throws Exception {
        assertThat(run(Map.of(), "prune")).contains("-Xmn16m");
        assertThat(run(Map.of(), "forget", "--keep-last", "3")).contains("-Xmn16m");
        assertThat(run(Map.of(), "backup", "/home")).contains("-Xmn32m");
    }
}
