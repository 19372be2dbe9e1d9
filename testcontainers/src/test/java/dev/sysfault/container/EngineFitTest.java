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
    void aMissingImageSaysHowToGiveItToThatEngine() {
        assertThat(EngineFit.missingImage(HOST, "sysfault/debian:bookworm", java.util.Optional.empty())).isEqualTo(
                "the Docker engine at tcp://build-host:2375 has no image sysfault/debian:bookworm, which no registry has:"
                        + " build it with ci/make-images on this machine's engine and copy it in (docker save"
                        + " sysfault/debian:bookworm | DOCKER_HOST=tcp://build-host:2375 docker load), or name an image"
                        + " that engine has");
        assertThat(EngineFit.missingImage(URI.create("unix:///var/run/docker.sock"), "eclipse-temurin:17-jre",
                java.util.Optional.of("pull access denied\n for eclipse-temurin"))).isEqualTo(
                "the Docker engine at unix:///var/run/docker.sock has no image eclipse-temurin:17-jre and cannot pull it"
                        + " (pull access denied for eclipse-temurin): pull it (docker pull --platform linux/amd64"
                        + " eclipse-temurin:17-jre) or load it (docker load -i FILE, from a `docker save"
                        + " eclipse-temurin:17-jre`), or name an image that engine has");
    }

    @Test
    @RequiresDocker
    void theEngineHereAndItsImagesFit() {
        DockerEngine.requireFit("sysfault/debian:bookworm");
    }
}
