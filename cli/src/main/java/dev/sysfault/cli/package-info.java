// The sysfault command line: `sysfault run --inject SPEC -- COMMAND` and the listings a SPEC draws on.
/**
 * The command line, the launcher behind a terminal. {@link dev.sysfault.cli.Main} parses the arguments
 * (every SPEC with {@code dev.sysfault.fault}'s parser, before anything runs, and a mistake is reported in the
 * words the user typed, with exit status 2), runs the command in the foreground through
 * {@code dev.sysfault.run.SyscallFaults} with sysfault's own stdin, stdout and stderr, writes the trace as
 * strace lines where {@code --trace} says, and exits with the command's own status. {@code sysfault syscalls}
 * and {@code sysfault errnos} print the tables a SPEC can name. The {@code ./sysfault} script at the top of
 * the project runs {@code Main} on this module's jar and {@code target/classpath.txt}. Depends on
 * {@code dev.sysfault.run} and {@code dev.sysfault.fault} only; only {@code Main} is public.
 */
package dev.sysfault.cli;
