// Where a faulted test without @RunInContainer runs its worker: sysfault.worker.where and sysfault.worker.image.
package dev.sysfault.junit;

import dev.sysfault.fault.internal.UserInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@value #WHERE}: {@code host} (a worker JVM on this machine), {@code container} (a worker in a container of
 * {@value #IMAGE}, default {@value #DEFAULT_IMAGE}, on the Docker engine Testcontainers finds, for the platform
 * {@value #PLATFORM}) or {@code auto}, the default: the host where the interceptor runs (Linux on x86-64 with
 * glibc), a container elsewhere (macOS, Windows, musl, arm64), which is said once per JVM.
 */
final class WorkerPlacement {

    static final String WHERE = "sysfault.worker.where";
    static final String IMAGE = "sysfault.worker.image";
    static final String DEFAULT_IMAGE = "eclipse-temurin:17-jre";
    /** What libsysfault.so is built for; the container workers ask the engine for it. */
    static final String PLATFORM = "linux/amd64";

    private static final AtomicBoolean SAID = new AtomicBoolean();

    private WorkerPlacement() {
    }

    /** The image for a faulted test's worker that no annotation places; empty: this machine. */
    static Optional<String> imageFor(ExtensionContext context) {
        return imageFor(context::getConfigurationParameter, interceptorRunsHere());
    }

    static Optional<String> imageFor(Function<String, Optional<String>> parameters, Optional<String> whyNotHere) {
        String where = parameters.apply(WHERE).map(w -> w.strip().toLowerCase(Locale.ROOT)).orElse("auto");
        String image = parameters.apply(IMAGE).map(String::strip).filter(i -> !i.isEmpty()).orElse(DEFAULT_IMAGE);
        switch (where) {
            case "host":
                return Optional.empty();
            case "container":
                return Optional.of(image);
            case "auto":
                whyNotHere.ifPresent(why -> {
                    if (SAID.compareAndSet(false, true)) {
                        Logger.getLogger(WorkerPlacement.class.getName()).info("sysfault: " + why + ", so faulted tests"
                                + " run their worker JVMs in containers of " + image + " (" + PLATFORM + "; -D" + IMAGE
                                + "=IMAGE chooses another)");
                    }
                });
                return whyNotHere.map(why -> image);
            default:
                throw new ExtensionConfigurationException("the configuration parameter " + WHERE + "="
                        + UserInput.plain(parameters.apply(WHERE).orElseThrow())
                        + " is not host, container or auto (auto, the default: host where the interceptor runs)");
        }
    }

    /** Empty where libsysfault.so can be preloaded (Linux, x86-64, glibc); else why not, in the user's words. */
    static Optional<String> interceptorRunsHere() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux")) {
            return Optional.of("the interceptor cannot run on " + os);
        }
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.of("the interceptor cannot run on " + arch + " (it is built for x86-64)");
        }
        if (!Files.exists(Path.of("/lib64/ld-linux-x86-64.so.2"))) {
            return Optional.of("the interceptor needs glibc, which this Linux lacks");
        }
        return Optional.empty();
    }
}
