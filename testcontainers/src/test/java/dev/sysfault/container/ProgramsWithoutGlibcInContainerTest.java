// A static, musl or Go command in a SyscallFaultContainer: started through sysfault-exec, faulted and traced as a glibc one.
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.fault.trace.TraceOptions;
import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import dev.sysfault.testsupport.NativeBuild;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code list_dir DIR} (interceptor-native's test programs) built with {@code gcc -static}, {@code musl-gcc -static}
 * and in Go: none loads glibc's dynamic loader, so {@code LD_PRELOAD} cannot reach it in the container either. The
 * container gets sysfault-exec beside the library (mounted, or in the library's volume) and starts every command
 * through it; a shell under the library execs such a program through it too.
 */
@RequiresDocker
class ProgramsWithoutGlibcInContainerTest {

    private static final String IMAGE = "sysfault/debian:bookworm";
    private static final List<String> BUILDS = List.of("static", "musl-static", "go");

    @ParameterizedTest
    @EnumSource(value = FileSharing.class, names = {"BIND", "COPY"})
    void listingTheRootFailsUnderGetdents64EnotsupAndIsTraced(FileSharing sharing) {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        assumeTrue(sharing == FileSharing.COPY || DockerEngine.isLocal(), "an engine elsewhere only gets copies");
        SyscallFaultContainer container = new SyscallFaultContainer(IMAGE).withLibrary(NativeBuild.library())
                .withFileSharing(sharing);
        for (String build : BUILDS) {
            container.withHostFiles(NativeBuild.dir().resolve("test").resolve(build).resolve("list_dir"),
                    "/programs/" + build + "/list_dir");
        }
        try (container) {
            for (String build : BUILDS) {
                String program = "/programs/" + build + "/list_dir";
                try (ProcessResult r = container.run(SyscallFaults.command(program, "/")
                        .inject(Fault.parse("getdents64:error=ENOTSUP")).trace(TraceOptions.all()))) {
                    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
                    assertThat(r.stderr()).as(r.toString()).startsWith("list_dir: ").containsIgnoringCase("not supported");
                    assertThat(r.trace().events()).filteredOn(e -> e.name().equals("getdents64")).as(r.toString())
                            .isNotEmpty().allMatch(SyscallEvent::injected);
                }
                try (ProcessResult r = container.run(SyscallFaults.command("sh", "-c", program + " /; echo status $?")
                        .inject(Fault.parse("getdents64:error=ENOTSUP")))) {
                    assertThat(r.stdout()).as(r.toString()).isEqualTo("status 1\n");
                }
            }
        }
    }
}
