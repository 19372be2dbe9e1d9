// -Dsysfault.docker.connectTimeout: whole seconds in the digits 0-9, and a refusal that quotes the value.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectTimeoutPropertyTest {

    @Test
    void digitsOfOtherScriptsAreNoNumberOfSeconds() {
        // Fullwidth 30: Long.parseLong reads it as thirty.
        assertThatThrownBy(() -> withProperty("\uff13\uff10")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-Dsysfault.docker.connectTimeout=\uff13\uff10 is not a number of seconds");
        assertThat(withProperty("30")).isEqualTo(Duration.ofSeconds(30));
    }

    private static Duration withProperty(String value) {
        String before = System.getProperty(DockerEngine.CONNECT_TIMEOUT_PROPERTY);
        System.setProperty(DockerEngine.CONNECT_TIMEOUT_PROPERTY, value);
        try {
            return DockerEngine.connectTimeout();
        } finally {
            if (before == null) {
                System.clearProperty(DockerEngine.CONNECT_TIMEOUT_PROPERTY);
            } else {
                System.setProperty(DockerEngine.CONNECT_TIMEOUT_PROPERTY, before);
            }
        }
    }
}
