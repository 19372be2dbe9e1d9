// A JVM for JvmDeathTest that starts a run under faults: a long one that it waits for forever, or a short one.
package dev.sysfault.run.programs;

import dev.sysfault.run.SyscallFaults;

public final class RunAndStay {

    private RunAndStay() {
    }

    /**
     * {@code RunAndStay PID-FILE}: starts a command whose double-forked grandchild and the command itself write
     * their pids to PID-FILE (both on one line, complete once it exists), then waits forever.
     * {@code RunAndStay}: runs {@code true} and exits.
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            SyscallFaults.command("true").run().close();
            return;
        }
        SyscallFaults.command("sh", "-c", "(sleep 300 & echo $! $$ > \"$0.tmp\"; mv \"$0.tmp\" \"$0\"); exec sleep 300",
                args[0]).start();
        Thread.currentThread().join();
    }
}
