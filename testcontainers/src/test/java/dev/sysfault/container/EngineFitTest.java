// The one-line errors for an engine that is too old and an image of another platform (no engine needed).
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EngineFitTest {

    private static final URI HOST = URI.create("tcp://build-host:2375");

    @Test
    void anEngineOlderThanApi141IsNamedWithWhatToDo() {
        assertThat(EngineFit.tooOld(HOST, "1.40", "19.03.15")).hasValueSatisfying(message -> assertThat(message)
                .isEqualTo("the Docker engine at tcp://build-host:2375 is too old: Docker 19.03.15 (API 1.40);"
                        + " sysfault needs API 1.41 (Docker 20.10) or newer: upgrade it, or set DOCKER_HOST to a newer"
                        + " engine"));
        assertThat(EngineFit.tooOld(HOST, "1.41", "20.10.24")).isEmpty();
        assertThat(EngineFit.tooOld(HOST, "1.47", "27.3.1")).isEmpty();
        assertThat(EngineFit.tooOld(HOST, "2.0", "30.0")).isEmpty();
        assertThat(EngineFit.tooOld(HOST, "one", "?")).hasValueSatisfying(message -> assertThat(message)
                .contains("\"one\"").doesNotContain("\n"));
    }

    @Test
    void anImageForAnotherPlatformIsNamedWithThePullThatFixesIt() {
        assertThat(EngineFit.wrongPlatform("eclipse-temurin:21", "linux", "arm64")).hasValueSatisfying(message ->
                assertThat(message).isEqualTo("the image eclipse-temurin:21 is for linux/arm64, but libsysfault.so runs"
                        + " on linux/amd64: name an image for linux/amd64 (docker pull --platform linux/amd64"
                        + " eclipse-temurin:21)"));
        assertThat(EngineFit.wrongPlatform("sysfault/debian:bookworm", "linux", "amd64")).isEmpty();
    }

    @Test
    @RequiresDocker
    void theEngineHereAndItsImagesFit() {
        DockerEngine.requireFit("sysfault/debian:bookworm");
    }
}
