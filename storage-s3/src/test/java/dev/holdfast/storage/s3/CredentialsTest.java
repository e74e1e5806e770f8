package dev.holdfast.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.storage.StorageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir Path home;

    private StorageOptions opts(Map<String, String> env, Map<String, String> settings) {
        return new StorageOptions(new HashMap<>(env)::get, home, settings);
    }

    private void files() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                # comment
                [default]
                aws_access_key_id = DEFAULTKEY
                aws_secret_access_key = defaultsecret

                [work]
                aws_access_key_id=WORKKEY
                aws_secret_access_key=worksecret
                aws_session_token=worktoken
                """);
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = eu-central-1
                [profile work]
                region = ap-south-1
                [profile cfgonly]
                aws_access_key_id = CFGKEY
                aws_secret_access_key = cfgsecret
                """);
    }

    @Test
    void environmentComesFirst() throws Exception {
        files();
        Credentials c = Credentials.load(opts(Map.of("AWS_ACCESS_KEY_ID", "ENVKEY", "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "t"), Map.of()));
        assertThat(c).isEqualTo(new Credentials("ENVKEY", "s", "t", "the environment (AWS_ACCESS_KEY_ID)"));
        assertThat(c.toString()).doesNotContain("s\"").doesNotContain("secret");
    }

    @Test
    void profilesFromTheSharedFiles() throws Exception {
        files();
        assertThat(Credentials.load(opts(Map.of(), Map.of())).accessKey()).isEqualTo("DEFAULTKEY");
        Credentials work = Credentials.load(opts(Map.of("AWS_PROFILE", "work"), Map.of()));
        assertThat(work.sessionToken()).isEqualTo("worktoken");
        assertThat(work.source()).contains("profile work");
        assertThat(Credentials.load(opts(Map.of(), Map.of("s3.profile", "cfgonly"))).accessKey()).isEqualTo("CFGKEY");
        assertThatThrownBy(() -> Credentials.load(opts(Map.of("AWS_PROFILE", "nope"), Map.of())))
                .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageContaining("AWS_PROFILE");
    }

    @Test
    void regionFromSettingEnvironmentProfileOrDefault() throws Exception {
        assertThat(Credentials.region(opts(Map.of(), Map.of()))).isEqualTo("us-east-1");
        files();
        assertThat(Credentials.region(opts(Map.of(), Map.of()))).isEqualTo("eu-central-1");
        assertThat(Credentials.region(opts(Map.of("AWS_PROFILE", "work"), Map.of()))).isEqualTo("ap-south-1");
        assertThat(Credentials.region(opts(Map.of("AWS_DEFAULT_REGION", "us-west-1"), Map.of()))).isEqualTo("us-west-1");
        assertThat(Credentials.region(opts(Map.of("AWS_REGION", "us-west-2", "AWS_DEFAULT_REGION", "x"), Map.of()))).isEqualTo("us-west-2");
        assertThat(Credentials.region(opts(Map.of("AWS_REGION", "us-west-2"), Map.of("s3.region", "eu-north-1")))).isEqualTo("eu-north-1");
    }

    @Test
    void locationsParse() {
        S3Location a = S3Location.parse("s3:https://s3.eu-central-1.amazonaws.com/my-bucket/hosts/web1/", null);
        assertThat(a.bucket()).isEqualTo("my-bucket");
        assertThat(a.prefix()).isEqualTo("hosts/web1/");
        assertThat(a.pathStyle()).isFalse();
        assertThat(a.uri("config", null).toString()).isEqualTo("https://my-bucket.s3.eu-central-1.amazonaws.com/config");
        S3Location b = S3Location.parse("s3:http://127.0.0.1:9000/b", null);
        assertThat(b.pathStyle()).isTrue();
        assertThat(b.prefix()).isEmpty();
        assertThat(b.uri("data/ab/x", "list-type=2").toString()).isEqualTo("http://127.0.0.1:9000/b/data/ab/x?list-type=2");
        assertThat(b.hostHeader()).isEqualTo("127.0.0.1:9000");
        assertThat(S3Location.parse("s3:s3.amazonaws.com/bucket", "true").uri(null, null).toString()).isEqualTo("https://s3.amazonaws.com/bucket/");
        assertThatThrownBy(() -> S3Location.parse("s3:https://host", null)).hasMessageContaining("no bucket");
        assertThatThrownBy(() -> S3Location.parse("s3:ftp://host/b", null)).hasMessageContaining("over http or https");
        assertThatThrownBy(() -> S3Location.parse("s3:https://host/b", "maybe")).hasMessageContaining("s3.path-style");
    }
}
