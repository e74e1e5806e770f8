package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** key list/add/passwd/remove through the CLI, and which passwords open the repository afterwards. */
class KeysTest extends CliTestSupport {
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^([* ]) ([0-9a-f]{8})  .*$");

    /** A key as listed: its short id and whether it is the one in use. */
    record Key(String id, boolean current) {}

    private List<Key> keys() {
        Cli.Result r = ok("key", "list");
        Matcher m = KEY_LINE.matcher(r.out());
        List<Key> out = new java.util.ArrayList<>();
        while (m.find()) out.add(new Key(m.group(2), m.group(1).equals("*")));
        return out;
    }

    private String current() {
        return keys().stream().filter(Key::current).map(Key::id).findFirst().orElseThrow();
    }

    private void as(String password) {
        cli.set("HOLDFAST_PASSWORD", password);
    }

    @Test
    void addOpenPasswdAndRemove() throws Exception {
        init();
        List<Key> initial = keys();
        assertThat(initial).hasSize(1);
        assertThat(initial.getFirst().current()).isTrue();
        assertThat(ok("key", "list").out()).contains("testhost");
        String original = initial.getFirst().id();

        cli.set("HOLDFAST_NEW_PASSWORD", "second-password");
        Cli.Result added = ok("key", "add");
        assertThat(added.out()).containsPattern("added key [0-9a-f]{8}");
        String second = added.out().replaceAll("(?s).*added key ([0-9a-f]{8}).*", "$1");
        assertThat(keys()).extracting(Key::id).containsExactlyInAnyOrder(original, second);
        assertThat(current()).isEqualTo(original);

        as("second-password");
        ok("snapshots");
        assertThat(current()).isEqualTo(second);

        cli.set("HOLDFAST_NEW_PASSWORD", "third-password");
        Cli.Result changed = ok("key", "passwd");
        assertThat(changed.out()).contains("replaces " + second);
        fails(ExitCodes.WRONG_PASSWORD, "snapshots");
        as("third-password");
        String third = current();
        assertThat(third).isNotIn(original, second);
        as("test-password");
        assertThat(keys()).extracting(Key::id).containsExactlyInAnyOrder(original, third);

        Cli.Result refused = fails(ExitCodes.USAGE, "key", "remove", original);
        assertThat(refused.err()).contains("refusing to remove key " + original);
        oneLine(refused);
        assertThat(keys()).hasSize(2);

        assertThat(ok("key", "remove", third).out()).contains("removed key " + third);
        assertThat(keys()).extracting(Key::id).containsExactly(original);
        as("third-password");
        fails(ExitCodes.WRONG_PASSWORD, "snapshots");
        as("test-password");
        ok("snapshots");
    }

    @Test
    void newPasswordFromFileAndProblems() throws Exception {
        init();
        Path file = Files.writeString(work.resolve("new-pw"), "from-a-file\nignored\n");
        String added = ok("key", "add", "--new-password-file", file.toString()).out().replaceAll("(?s).*added key ([0-9a-f]{8}).*", "$1");
        as("from-a-file");
        assertThat(current()).isEqualTo(added);
        as("test-password");

        Cli.Result none = fails(ExitCodes.ERROR, "key", "add");
        assertThat(none.err()).contains("no new password");
        oneLine(none);
        Files.writeString(file, "");
        oneLine(fails(ExitCodes.ERROR, "key", "add", "--new-password-file", file.toString()));
        oneLine(fails(ExitCodes.USAGE, "key", "remove", "0000000000"));
        oneLine(fails(ExitCodes.USAGE, "key", "remove"));
        assertThat(keys()).hasSize(2);
        as("wrong");
        oneLine(fails(ExitCodes.WRONG_PASSWORD, "key", "list"));
        cli.set("HOLDFAST_NEW_PASSWORD", "sneaky");
        fails(ExitCodes.WRONG_PASSWORD, "key", "add");
        as("test-password");
        assertThat(keys()).hasSize(2);
    }

    @Test
    void removingByUniquePrefixAndAmbiguity() throws Exception {
        init();
        String original = current();
        cli.set("HOLDFAST_NEW_PASSWORD", "p2");
        String k2 = ok("key", "add").out().replaceAll("(?s).*added key ([0-9a-f]{8}).*", "$1");
        cli.set("HOLDFAST_NEW_PASSWORD", "p3");
        String k3 = ok("key", "add").out().replaceAll("(?s).*added key ([0-9a-f]{8}).*", "$1");
        for (String tooShort : new String[] {"", k2.substring(0, 3)}) {
            Cli.Result r = fails(ExitCodes.USAGE, "key", "remove", tooShort);
            assertThat(r.err()).contains("at least 4 hex digits");
            oneLine(r);
        }
        assertThat(keys()).hasSize(3);
        assertThat(ok("key", "remove", k2.substring(0, 6)).out()).containsPattern("removed key " + k2 + "[0-9a-f]{56}");
        assertThat(keys()).extracting(Key::id).containsExactlyInAnyOrder(original, k3);
    }
}
