// The images of the glibc matrix (ci/make-images) and one running container per image, shared by a test class.
package dev.sysfault.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.testsupport.NativeBuild;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Containers are started on first use, with the portable test programs mounted at {@value #PROGRAMS}. */
final class MatrixImages implements AutoCloseable {

    /** Where the containers see interceptor-native's portable test programs. */
    static final String PROGRAMS = "/sysfault-test";

    /** An image and the glibc version it must report: exact, or {@code 2.42+} for the newest. */
    record Image(String suite, String glibc) {

        String name() {
            return "sysfault/debian:" + suite;
        }

        @Override
        public String toString() {
            return name() + " (glibc " + glibc + ")";
        }
    }

    static final List<Image> ALL = List.of(new Image("bullseye", "2.31"), new Image("bookworm", "2.36"),
            new Image("trixie", "2.41"), new Image("sid", "2.42+"));

    private final Map<Image, SyscallFaultContainer> started = new LinkedHashMap<>();

    /** The running container of {@code image}; the test is skipped if the engine lacks the image. */
    synchronized SyscallFaultContainer container(Image image) {
        assumeTrue(DockerEngine.hasImage(image.name()), () -> "the Docker engine has no " + image.name()
                + "; ci/make-images builds it");
        return started.computeIfAbsent(image, i -> {
            SyscallFaultContainer container = new SyscallFaultContainer(i.name()).withLibrary(NativeBuild.library())
                    .withHostFiles(NativeBuild.portablePrograms(), PROGRAMS);
            container.start();
            return container;
        });
    }

    @Override
    public synchronized void close() {
        started.values().forEach(SyscallFaultContainer::stop);
        started.clear();
    }
}
