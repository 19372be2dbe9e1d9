// A selected class is judged faulted from its class file, before anything loads it: the worker's spawn need not wait.
package dev.sysfault.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sysfault.junit.InjectSyscallFault;
import dev.sysfault.junit.RunInContainer;
import dev.sysfault.junit.fixtures.DiscoveryStartCases;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FaultsInClassFileTest {

    /** Finds this class path's classes and resources, and notes every class asked of it. */
    private static final class NotingLoader extends ClassLoader {
        final List<String> asked = new CopyOnWriteArrayList<>();

        NotingLoader() {
            super(FaultsInClassFileTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }
    }

    @Test
    void aClassAnnotatedWithAFaultIsSeenWithoutLoadingIt() {
        NotingLoader loader = new NotingLoader();
        String faulted = DiscoveryStartCases.Faulted.class.getName();
        assertThat(WorkerDiscoveryStart.faultedSelection(faulted, null, loader)).isTrue();
        assertThat(loader.asked).as("classes loaded to judge " + faulted).isEmpty();
        assertThat(WorkerDiscoveryStart.faultedSelection(faulted, "faulted", loader)).isTrue();
        assertThat(loader.asked).as("classes loaded to judge its method").isEmpty();
    }

    @Test
    void aClassWithoutFaultsIsLeftToTheReflectiveLook() {
        assertThat(FaultsInClassFile.namesFaults(DiscoveryStartCases.Plain.class.getName(), new NotingLoader()))
                .isFalse();
    }

    @Test
    void aClassWhoseFaultsAreForAContainerIsLeftToTheReflectiveLook() {
        assertThat(FaultsInClassFile.namesFaults(ContainerFaulted.class.getName(), new NotingLoader())).isFalse();
    }

    @Test
    void aSelectedClassThatIsNotThereIsNotFaulted() {
        assertThat(FaultsInClassFile.namesFaults("no.such.Cases", new NotingLoader())).isFalse();
    }

    /** Annotated as a user's class is, but not a test (no {@code @Test}): only its class file is read. */
    @RunInContainer("debian:bookworm")
    static class ContainerFaulted {
        @InjectSyscallFault(syscall = "fsync", errno = "EIO")
        void faulted() {
        }
    }
}
