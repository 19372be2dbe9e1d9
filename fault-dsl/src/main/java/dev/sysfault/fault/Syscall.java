// One row of the syscall table: an x86-64 number, its name, strace's classes and its argument facts.
package dev.sysfault.fault;

import java.util.Set;

/**
 * A system call as the generated table describes it.
 *
 * @param pathArgs bit i set when argument i is a path string (rule table {@code path_args})
 * @param countArg index of the byte count {@code shorten} may lower, or -1
 * @param fdArg index of the descriptor the call acts on (strace prints it first with {@code printfd}), or -1
 */
public record Syscall(int number, String name, Set<SyscallClass> classes, int pathArgs, int countArg, int fdArg) {

    public Syscall {
        classes = Set.copyOf(classes);
    }

    public boolean takesPath() {
        return pathArgs != 0;
    }

    public boolean hasByteCount() {
        return countArg >= 0;
    }
}
