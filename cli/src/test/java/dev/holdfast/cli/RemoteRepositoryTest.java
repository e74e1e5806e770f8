package dev.holdfast.cli;

import static dev.holdfast.cli.Fs.child;
import static dev.holdfast.cli.Fs.mkdir;
import static dev.holdfast.cli.Fs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.storage.LocalStorage;
import dev.holdfast.storage.s3.S3ProxyServer;
import dev.holdfast.storage.sftp.SshdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init, backup, restore and check through the CLI against repositories on a real OpenSSH server
 * (sftp:) and a real S3 server (s3:), both on loopback; a mirror of local and SFTP copies; and
 * the errors a user sees for a bad location.
 */
class RemoteRepositoryTest extends CliTestSupport {
    @TempDir static Path servers;
    static SshdServer sshd;
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        sshd = SshdServer.start(servers);
        s3 = S3ProxyServer.start(servers);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) sshd.close();
        if (s3 != null) s3.close();
    }

    private byte[] source() throws Exception {
        byte[] src = mkdir(Fs.b(work.resolve("src")));
        write(child(src, "big"), Fs.random(1, 5 << 20));
        byte[] dir = mkdir(child(src, "dir"));
        for (int i = 0; i < 30; i++) write(child(dir, "f" + i), Fs.random(100 + i, 1000 + i * 37));
        write(child(src, "empty"), new byte[0]);
        return src;
    }

    /** init, two backups, restore, check --read-data against repo. */
    private void roundTrip(String repo, String... extra) throws Exception {
        byte[] src = source();
        cli.set("HOLDFAST_REPOSITORY", repo);
        ok(concat(new String[] {"init"}, extra));
        JsonNode first = backup(concat(extra, new String[] {Fs.s(src)}));
        assertThat(first.path("files_new").asLong()).isEqualTo(32);
        write(child(src, "later"), Fs.random(7, 2000));
        backup(concat(extra, new String[] {Fs.s(src)}));
        Path target = work.resolve("restored");
        ok(concat(new String[] {"restore", "latest", "--target", target.toString()}, extra));
        TreeDiff.assertSameTree(src, under(target, src));
        Cli.Result check = ok(concat(new String[] {"check", "--read-data"}, extra));
        assertThat(check.out()).contains("no errors found");
        assertThat(snapshots(extra)).hasSize(2);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void sftpRepository() throws Exception {
        cli.set("HOME", sshd.home().toString());
        roundTrip(sshd.location(servers.resolve("sftp-repo")));
        assertThat(new LocalStorage(servers.resolve("sftp-repo")).stat("config")).isPresent();
    }

    @Test
    void sftpWithExplicitKeyAndBandwidthLimit() throws Exception {
        Path key = work.resolve("mykey");
        Files.copy(sshd.home().resolve(".ssh/id_ed25519"), key);
        cli.set("HOME", work.resolve("home").toString());
        Files.createDirectories(work.resolve("home/.ssh"));
        Files.copy(sshd.home().resolve(".ssh/known_hosts"), work.resolve("home/.ssh/known_hosts"));
        String loc = "sftp://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port() + servers.resolve("keyed");
        roundTrip(loc, "--ssh-key", key.toString(), "--limit-upload", "100M");
    }

    @Test
    void s3Repository() throws Exception {
        S3ProxyServer.credentials().forEach(cli::set);
        // Packs of this test go up as multipart uploads of 5 MiB parts.
        roundTrip("s3:" + s3.endpoint() + "/cli-bucket/repos/one", "-o", "s3.multipart-threshold=5M", "-o", "s3.part-size=5M");
    }

    @Test
    void s3CredentialsFromAProfile() throws Exception {
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = nobody\naws_secret_access_key = x\n\n[backup]\n"
                + "aws_access_key_id = " + S3ProxyServer.ACCESS_KEY + "\naws_secret_access_key = " + S3ProxyServer.SECRET_KEY + "\n");
        Files.writeString(home.resolve(".aws/config"), "[profile backup]\nregion = us-east-1\n");
        cli.set("AWS_PROFILE", "backup");
        cli.set("HOLDFAST_REPOSITORY", "s3:" + s3.endpoint() + "/profile-bucket");
        ok("init");
        assertThat(snapshots()).isEmpty();
        cli.set("AWS_PROFILE", null);
        Cli.Result denied = fails(ExitCodes.ERROR, "snapshots");
        assertThat(denied.err()).contains("nobody").contains("profile default");
    }

    @Test
    void mirroredRepositoryWritesEveryCopyAndReadsFromTheNextWhenOneIsGone() throws Exception {
        cli.set("HOME", sshd.home().toString());
        Path local = work.resolve("local-copy");
        String remote = sshd.location(servers.resolve("mirror-remote"));
        byte[] src = source();
        cli.set("HOLDFAST_REPOSITORY", local.toString());
        ok("init", "-o", "replicas=" + remote);
        backup("-o", "replicas=" + remote, Fs.s(src));
        assertThat(new LocalStorage(servers.resolve("mirror-remote")).list("")).isEqualTo(new LocalStorage(local).list(""));
        // The local copy is lost: the same command reads everything from the SFTP copy.
        for (var b : new LocalStorage(local).list("data/")) new LocalStorage(local).delete(b.name());
        Path target = work.resolve("restored");
        ok("restore", "latest", "--target", target.toString(), "-o", "replicas=" + remote, "--no-cache");
        TreeDiff.assertSameTree(src, under(target, src));
    }

    @Test
    void badLocationsGiveOneClearLine() throws Exception {
        cli.set("HOME", sshd.home().toString());
        cli.set("HOLDFAST_REPOSITORY", "sftp:nohost");
        assertThat(fails(ExitCodes.USAGE, "snapshots").err()).contains("sftp:USER@HOST:/PATH");
        cli.set("HOLDFAST_REPOSITORY", "sftp://" + System.getProperty("user.name") + "@127.0.0.1:" + sshd.port() + "/x");
        Cli.Result wrongKey = fails(ExitCodes.ERROR, "snapshots", "--ssh-key", sshd.home().resolve(".ssh/other_ed25519").toString());
        assertThat(wrongKey.err()).contains("refused the key");
        oneLine(wrongKey);
        S3ProxyServer.credentials().forEach(cli::set);
        cli.set("HOLDFAST_REPOSITORY", "s3:" + s3.endpoint() + "/missing-bucket/repo");
        Cli.Result noBucket = fails(ExitCodes.ERROR, "snapshots");
        assertThat(noBucket.err()).contains("bucket 'missing-bucket' does not exist");
        oneLine(noBucket);
        cli.set("AWS_SECRET_ACCESS_KEY", "wrong");
        Cli.Result badSecret = fails(ExitCodes.ERROR, "init");
        assertThat(badSecret.err()).contains("access denied").contains(S3ProxyServer.ACCESS_KEY);
        oneLine(badSecret);
    }
}
