package dev.holdfast.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {"config", "data/ab/abcdef0123", "a", "A-Z_0.9", ".x", "..x", "x..",
        "tmpx", "tmp.d/x", "a/tmp", "a/tmp/b"})
    void validNames(String name) {
        assertThat(NameRules.check(name)).isEqualTo(name);
        assertThat(NameRules.isValid(name)).isTrue();
        assertThat(NameRules.checkPrefix(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/a", "a/", "a//b", ".", "..", "a/.", "./a", "a/../b", "tmp",
        "tmp/x", "tmp/", "a b", "a\tb", "é", "a:b", "a\\b"})
    void invalidNames(String name) {
        assertThat(NameRules.isValid(name)).isFalse();
        assertThatThrownBy(() -> NameRules.check(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid blob name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "data/", "data/a", "data/ab/", "d", ".", "..", "data/..", "tmp",
        "tmp/", "tmp/x"})
    void validPrefixes(String prefix) {
        assertThat(NameRules.checkPrefix(prefix)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/data", "data//", "../", "./x", "a/../", "a b", "*"})
    void invalidPrefixes(String prefix) {
        assertThatThrownBy(() -> NameRules.checkPrefix(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid blob prefix");
    }

    @Test
    void reservedPrefixMatchesNoName() {
        assertThat(NameRules.isReservedPrefix("tmp/")).isTrue();
        assertThat(NameRules.isReservedPrefix("tmp/x")).isTrue();
        assertThat(NameRules.isReservedPrefix("tmp")).isFalse();
        assertThat(NameRules.isReservedPrefix("tmpx/")).isFalse();
    }

    @Test
    void lengthLimits() {
        String segment = "x".repeat(NameRules.MAX_SEGMENT);
        assertThat(NameRules.isValid(segment)).isTrue();
        assertThat(NameRules.isValid(segment + "x")).isFalse();
        String name = (segment + "/").repeat(3) + "y".repeat(254) + "/z";
        assertThat(name).hasSize(NameRules.MAX_NAME);
        assertThat(NameRules.isValid(name)).isTrue();
        assertThat(NameRules.isValid(name + "x")).isFalse();
    }

    @Test
    void messagesNameTheProblem() {
        assertThatThrownBy(() -> NameRules.check("data/a b"))
                .hasMessage("invalid blob name \"data/a b\": character ' ' not allowed"
                        + " (only [A-Za-z0-9._-] and '/')");
        assertThatThrownBy(() -> NameRules.check("a\nb")).hasMessageContaining("\\u000a")
                .hasMessageContaining("U+000A");
        assertThatThrownBy(() -> NameRules.check("tmp/x")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> NameRules.check("a/../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> NameRules.check(null)).hasMessageContaining("null");
    }
}
