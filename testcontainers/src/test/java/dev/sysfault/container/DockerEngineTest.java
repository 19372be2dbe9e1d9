// Which of Testcontainers' own pulls DockerEngine names, and how it says so (no engine needed).
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerEngineTest {

    private static final URI SOCKET = URI.create("unix:///var/run/docker.sock");

    @Test
    void bothVariablesSetMeanNoPulls() {
        Map<String, String> env = Map.of(DockerEngine.RYUK_DISABLED, "true", DockerEngine.HOST_OVERRIDE, "localhost");
        assertThat(DockerEngine.pullsThatMayHang(env, true, SOCKET)).isEmpty();
    }

    @Test
    void withoutTheRyukVariableRyukIsNamedWithTheFix() {
        List<String> pulls = DockerEngine.pullsThatMayHang(Map.of(DockerEngine.HOST_OVERRIDE, "localhost"), true, SOCKET);
        assertThat(pulls).singleElement().asString().contains("testcontainers/ryuk")
                .contains("TESTCONTAINERS_RYUK_DISABLED=true");
    }

    @Test
    void theHostLookupIsNamedOnlyInAContainerWithASocket() {
        Map<String, String> env = Map.of(DockerEngine.RYUK_DISABLED, "TRUE");
        assertThat(DockerEngine.pullsThatMayHang(env, true, SOCKET)).singleElement().asString()
                .contains("alpine").contains("TESTCONTAINERS_HOST_OVERRIDE=localhost");
        assertThat(DockerEngine.pullsThatMayHang(env, false, SOCKET)).isEmpty();
        assertThat(DockerEngine.pullsThatMayHang(env, true, URI.create("tcp://build-host:2375"))).isEmpty();
    }

    @Test
    void theHangIsExplainedWithTheTimeLimitAndWhereToSetTheVariables() {
        List<String> pulls = DockerEngine.pullsThatMayHang(Map.of(), true, SOCKET);
        String message = DockerEngine.explainHang(SOCKET, Duration.ofSeconds(45), pulls);

        assertThat(pulls).hasSize(2);
        assertThat(message).contains("unix:///var/run/docker.sock").contains("45 s")
                .contains("-Dsysfault.docker.connectTimeout").contains("TESTCONTAINERS_RYUK_DISABLED=true")
                .contains("TESTCONTAINERS_HOST_OVERRIDE=localhost").contains("<environmentVariables>");
    }
}
