package dev.holdfast.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestLocationTest {
    @Test
    void parsesUserHostPortAndPath() {
        RestLocation l = RestLocation.parse("rest:https://alice@backup.example:8443/");
        assertThat(l.user()).isEqualTo("alice");
        assertThat(l.base()).isEqualTo(URI.create("https://backup.example:8443/"));
        assertThat(l.display("alice")).isEqualTo("rest:https://alice@backup.example:8443/");
        assertThat(l.base().resolve(Protocol.OBJECTS + "data/ab/x")).hasToString("https://backup.example:8443/v1/objects/data/ab/x");
    }

    @Test
    void aPathIsKeptAsTheBaseOfRequests() {
        RestLocation l = RestLocation.parse("rest:https://proxy.example/holdfast/host1");
        assertThat(l.user()).isNull();
        assertThat(l.base()).isEqualTo(URI.create("https://proxy.example/holdfast/host1/"));
        assertThat(l.base().resolve(Protocol.INFO)).hasToString("https://proxy.example/holdfast/host1/v1/info");
        assertThat(l.display(null)).isEqualTo("rest:https://proxy.example/holdfast/host1/");
        assertThat(RestLocation.parse("rest:https://[::1]:9000").base()).hasToString("https://[::1]:9000/");
    }

    @Test
    void aPasswordInTheUrlIsRefused() {
        assertThatThrownBy(() -> RestLocation.parse("rest:https://alice:secret@host/"))
                .hasMessageContaining("HOLDFAST_REST_PASSWORD").hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rest:http://host/", "rest:host:8443", "rest:https:///path", "rest:https://host/?x=1", "rest:https://ho st/"})
    void malformedLocationsAreRefused(String location) {
        assertThatThrownBy(() -> RestLocation.parse(location)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("repository " + location + ": ");
    }
}
