// sysfault.worker.where and sysfault.worker.image read into a place, for this machine and for one that cannot preload.
package dev.sysfault.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class WorkerPlacementTest {

    private static final Optional<String> MAC = Optional.of("the interceptor cannot run on Mac OS X");

    private static Optional<String> imageFor(Map<String, String> parameters, Optional<String> whyNotHere) {
        return WorkerPlacement.imageFor(key -> Optional.ofNullable(parameters.get(key)), whyNotHere);
    }

    @Test
    void autoIsThisMachineWhereTheInterceptorRunsAndAContainerElsewhere() {
        assertThat(WorkerPlacement.interceptorRunsHere()).as("this machine (Linux, x86-64, glibc)").isEmpty();
        assertThat(imageFor(Map.of(), Optional.empty())).isEmpty();
        assertThat(imageFor(Map.of(), MAC)).contains(WorkerPlacement.DEFAULT_IMAGE);
        assertThat(imageFor(Map.of(WorkerPlacement.IMAGE, " my/jdk:21 "), MAC)).contains("my/jdk:21");
    }

    @Test
    void hostAndContainerAreObeyedEverywhere() {
        assertThat(imageFor(Map.of(WorkerPlacement.WHERE, "host"), MAC)).isEmpty();
        assertThat(imageFor(Map.of(WorkerPlacement.WHERE, "Container"), Optional.empty()))
                .contains(WorkerPlacement.DEFAULT_IMAGE);
    }

    @Test
    void anythingElseIsRefusedInTheWordsTheUserWrote() {
        assertThatThrownBy(() -> imageFor(Map.of(WorkerPlacement.WHERE, "docker"), Optional.empty()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("sysfault.worker.where=docker is not host, container or auto");
    }
}
