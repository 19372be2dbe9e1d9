// The x86-64 syscall table (generated from the kernel's list and strace's), loaded once.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.ClosestNames;
import dev.sysfault.fault.internal.TableFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Names, numbers, strace classes, path arguments, byte counts and descriptor arguments of every x86-64 syscall. */
public final class SyscallTable {

    /** The rule table has facts for numbers 0..511. */
    public static final int MAX_SYSCALLS = 512;

    private static final Map<String, Syscall> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, Syscall> BY_NUMBER = new TreeMap<>();

    static {
        for (String[] row : TableFile.rows("syscalls.tsv")) {
            Set<SyscallClass> classes = EnumSet.noneOf(SyscallClass.class);
            if (!row[2].equals("-")) {
                for (String name : row[2].split(",")) {
                    classes.add(Arrays.stream(SyscallClass.values()).filter(c -> c.tableName().equals(name))
                            .findFirst().orElseThrow(() -> new IllegalStateException("unknown class " + name)));
                }
            }
            Syscall s = new Syscall(Integer.parseInt(row[0]), row[1], classes, Integer.parseInt(row[3]),
                    row[4].equals("-") ? -1 : Integer.parseInt(row[4]),
                    row[5].equals("-") ? -1 : Integer.parseInt(row[5]));
            BY_NAME.put(s.name(), s);
            BY_NUMBER.put(s.number(), s);
        }
    }

    private SyscallTable() {
    }

    public static Optional<Syscall> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Optional<Syscall> byNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /** Every syscall, by ascending number. */
    public static Collection<Syscall> all() {
        return BY_NUMBER.values();
    }

    /** The syscalls strace puts in {@code c}, by ascending number. */
    public static List<Syscall> inClass(SyscallClass c) {
        List<Syscall> list = new ArrayList<>();
        for (Syscall s : BY_NUMBER.values()) {
            if (s.classes().contains(c)) {
                list.add(s);
            }
        }
        return list;
    }

    /** Up to {@code max} names closest to {@code name} by edit distance, for "did you mean". */
    public static List<String> closest(String name, int max) {
        return ClosestNames.of(name, BY_NAME.keySet(), max);
    }
}
