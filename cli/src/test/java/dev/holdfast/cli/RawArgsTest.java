package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class RawArgsTest {
    private static byte[] cmdline(byte[]... entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] e : entries) {
            out.writeBytes(e);
            out.write(0);
        }
        return out.toByteArray();
    }

    @Test
    void bytesThatAreNotUtf8AreRecoveredFromTheKernelsCommandLine() {
        byte[] raw = cmdline("java".getBytes(), "dev.holdfast.cli.Main".getBytes(), "backup".getBytes(),
                new byte[] {'/', 't', '/', 'd', (byte) 0xFF, 'i', 'r'}, "café".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // as the JVM decoded them in a UTF-8 locale, and without a locale
        for (String[] jvm : new String[][] {{"backup", "/t/d\uFFFDir", "café"}, {"backup", "/t/d?ir", "caf??"}}) {
            assertThat(RawArgs.of(jvm, raw)).containsExactly("backup", "/t/d\uDCFFir", "café");
        }
    }

    @Test
    void argumentsThatDoNotMatchTheCommandLineAreKept() {
        byte[] raw = cmdline("java".getBytes(), "other".getBytes(), "x?".getBytes());
        String[] args = {"backup", "/t/d\uFFFDir"};
        assertThat(RawArgs.of(args, raw)).isSameAs(args);
        String[] longer = {"a", "b", "c", "d"};
        assertThat(RawArgs.of(longer, raw)).isSameAs(longer);
    }
}
