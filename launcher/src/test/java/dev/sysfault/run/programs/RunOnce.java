// A JVM for tests that need one of their own (other limits, say): runs its arguments under SyscallFaults once.
package dev.sysfault.run.programs;

import dev.sysfault.run.ProcessResult;
import dev.sysfault.run.SyscallFaults;
import java.nio.file.Path;

public final class RunOnce {

    private RunOnce() {
    }

    /** {@code RunOnce COMMAND [ARGS...]}: runs it in the working directory, exits with its status. */
    public static void main(String[] args) {
        try (ProcessResult result = SyscallFaults.command(args).directory(Path.of("").toAbsolutePath()).run()) {
            System.exit(result.exitCode());
        }
    }
}
