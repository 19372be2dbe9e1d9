// Finds sysfault-exec, the loader that runs programs LD_PRELOAD cannot reach (interceptor-native/src/main/c/exec).
package dev.sysfault.run.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A static, musl or Go program never loads glibc's dynamic loader, so {@code LD_PRELOAD} cannot bring
 * {@code libsysfault.so} into it. {@code sysfault-exec PROGRAM ARGS...} maps such a program itself and catches
 * every call with Syscall User Dispatch. The supervisor starts the command through it when the command is such
 * a program, and the library sends an execve of one through it; both find it in {@code SYSFAULT_EXEC}
 * ({@link PreloadEnvironment#loader}). A container gets it beside the library.
 */
public final class ProgramLoader {

    public static final String FILE_NAME = "sysfault-exec";
    /** Where the {@code sysfault-interceptor-native} jar carries it, beside the supervisor. */
    static final String RESOURCE = "META-INF/native/linux-x86_64/" + FILE_NAME;

    private ProgramLoader() {
    }

    /**
     * The loader beside {@code library} (a build's target/native), else the class path's copy, extracted into
     * the trusted cache as the supervisor is; empty when neither exists (then such a program is said to be
     * uncovered, as before the loader).
     */
    public static Optional<Path> path(Path library) {
        Path beside = library.resolveSibling(FILE_NAME);
        if (Files.isRegularFile(beside) && Files.isExecutable(beside)) {
            return Optional.of(beside);
        }
        return NativeLibrary.cachedCopy("exec", FILE_NAME, RESOURCE);
    }
}
