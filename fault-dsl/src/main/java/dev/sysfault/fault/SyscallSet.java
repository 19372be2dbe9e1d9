// Which syscalls a fault applies to: strace's set syntax resolved against the syscall table.
package dev.sysfault.fault;

import dev.sysfault.fault.internal.UserInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Resolved syscall numbers, in the words the user wrote them. {@code named} are the ones the user
 * asked for by name or number (a matcher that cannot apply to one of them is an error); the others
 * came from a class, a regex, {@code all} or a negation and are dropped, with a note, instead.
 */
record SyscallSet(String text, Set<Integer> numbers, Set<Integer> named, List<String> notes) {

    static final String HOW = "write a syscall name (read), a number (0), a class (%file), /regex, all, or !SET";

    /** Longer than any list of syscall names a regex could need to spell out. */
    static final int MAX_REGEX = 4096;

    SyscallSet {
        numbers = Set.copyOf(new TreeSet<>(numbers));
        named = Set.copyOf(named);
        notes = List.copyOf(notes);
    }

    /** strace's SET: tokens separated by commas, each leading ! inverting the rest, all and none. */
    static SyscallSet parse(String text) {
        if (text.isEmpty()) {
            throw new FaultSpecException("no syscall given: " + HOW);
        }
        int bangs = 0;
        while (bangs < text.length() && text.charAt(bangs) == '!') {
            bangs++;
        }
        String rest = text.substring(bangs);
        Set<Integer> numbers = new TreeSet<>();
        Set<Integer> named = new TreeSet<>();
        List<String> notes = new ArrayList<>();
        if (rest.equals("all") || rest.equals("none")) {
            if (rest.equals("all")) {
                SyscallTable.all().forEach(s -> numbers.add(s.number()));
            }
        } else {
            for (String token : rest.split(",", -1)) {
                addToken(token, numbers, named, notes);
            }
        }
        if (bangs % 2 == 1) {
            Set<Integer> inverse = new TreeSet<>();
            SyscallTable.all().forEach(s -> inverse.add(s.number()));
            inverse.removeAll(numbers);
            return check(new SyscallSet(text, inverse, Set.of(), notes));
        }
        return check(new SyscallSet(text, numbers, named, notes));
    }

    static SyscallSet of(SyscallClass c) {
        Set<Integer> numbers = new TreeSet<>();
        SyscallTable.inClass(c).forEach(s -> numbers.add(s.number()));
        return check(new SyscallSet(c.spec(), numbers, Set.of(), List.of()));
    }

    static SyscallSet of(String... names) {
        if (names.length == 0) {
            throw new FaultSpecException("Fault.on() needs at least one syscall: " + HOW);
        }
        for (String name : names) {
            if (name == null || name.isEmpty() || name.contains(",")) {
                throw new FaultSpecException(UserInput.quote(name) + " is not one syscall: pass each name on its own,"
                        + " as in Fault.on(\"read\", \"write\")");
            }
        }
        return parse(String.join(",", names));
    }

    private static SyscallSet check(SyscallSet set) {
        if (set.numbers.isEmpty()) {
            throw new FaultSpecException(UserInput.quote(set.text) + " selects no syscall: " + HOW);
        }
        return set;
    }

    private static void addToken(String token, Set<Integer> numbers, Set<Integer> named, List<String> notes) {
        boolean optional = false;
        while (token.startsWith("?")) {
            token = token.substring(1);
            optional = true;
        }
        if (token.isEmpty()) {
            throw new FaultSpecException("empty syscall name in the set: " + HOW);
        }
        if (SpecNumber.looksNumeric(token)) {
            int nr = (int) SpecNumber.decimal(token, Integer.MAX_VALUE, "syscall number", "a number 0.."
                    + (SyscallTable.MAX_SYSCALLS - 1) + " or a name, as in read");
            if (SyscallTable.byNumber(nr).isEmpty()) {
                if (optional) {
                    return;
                }
                throw new FaultSpecException("there is no x86-64 syscall number " + nr
                        + ": the table has 0.." + (SyscallTable.MAX_SYSCALLS - 1) + " with gaps; " + HOW);
            }
            numbers.add(nr);
            named.add(nr);
        } else if (token.startsWith("/")) {
            if (token.length() > MAX_REGEX) {
                // A deeply nested regex of that size overflows the stack of Pattern.compile.
                throw new FaultSpecException("a regex of " + token.length() + " characters is too long: write at most "
                        + MAX_REGEX + ", as in /^(read|write)$");
            }
            Pattern p;
            try {
                p = Pattern.compile(token.substring(1));
            } catch (PatternSyntaxException e) {
                throw new FaultSpecException("bad regex " + UserInput.quote(token) + ": " + e.getDescription()
                        + "; write /REGEX as in /^(read|write)$");
            }
            int before = numbers.size();
            SyscallTable.all().stream().filter(s -> p.matcher(s.name()).find()).forEach(s -> numbers.add(s.number()));
            if (numbers.size() == before && !optional) {
                throw new FaultSpecException("regex " + UserInput.quote(token) + " matches no syscall name");
            }
        } else if (token.equals("all")) {
            SyscallTable.all().forEach(s -> numbers.add(s.number()));
        } else if (SyscallClass.fromSpec(token).isPresent()) {
            SyscallTable.inClass(SyscallClass.fromSpec(token).get()).forEach(s -> numbers.add(s.number()));
        } else if (SyscallAliases.of(token).isPresent()) {
            SyscallAliases alias = SyscallAliases.of(token).get();
            for (String target : alias.targets()) {
                int nr = SyscallTable.byName(target).orElseThrow().number();
                numbers.add(nr);
                named.add(nr);
            }
            notes.add(alias.note(token));
        } else if (SyscallTable.byName(token).isPresent()) {
            int nr = SyscallTable.byName(token).get().number();
            numbers.add(nr);
            named.add(nr);
        } else if (!optional) {
            throw new FaultSpecException("unknown syscall " + UserInput.quote(token) + ": did you mean "
                    + String.join(", ", SyscallTable.closest(token, 3)) + "? " + HOW);
        }
    }

    /**
     * Keeps the syscalls {@code fits} accepts: a named one that does not fit is an error, the others are
     * dropped with a note. {@code what} says what they lack ("a path argument").
     */
    SyscallSet keep(Predicate<Syscall> fits, String what, String matcher, String instead) {
        List<String> namedMisfits = names(named, s -> !fits.test(s));
        if (!namedMisfits.isEmpty()) {
            throw new FaultSpecException(matcher + " needs a syscall with " + what + ", and "
                    + String.join(", ", namedMisfits) + (namedMisfits.size() == 1 ? " has" : " have")
                    + " none; " + instead);
        }
        Set<Integer> kept = new TreeSet<>();
        numbers.stream().filter(n -> fits.test(SyscallTable.byNumber(n).orElseThrow())).forEach(kept::add);
        if (kept.isEmpty()) {
            throw new FaultSpecException(matcher + " needs a syscall with " + what + ", and none of "
                    + UserInput.quote(text) + " has one; " + instead);
        }
        List<String> dropped = names(numbers, s -> !fits.test(s));
        List<String> newNotes = new ArrayList<>(notes);
        if (!dropped.isEmpty()) {
            newNotes.add(matcher + " keeps the " + kept.size() + " syscalls of " + UserInput.quote(text) + " with " + what
                    + " (not " + String.join(", ", dropped.size() > 8 ? dropped.subList(0, 8) : dropped)
                    + (dropped.size() > 8 ? ", ..." : "") + ")");
        }
        return new SyscallSet(text, kept, named, newNotes);
    }

    private static List<String> names(Collection<Integer> numbers, Predicate<Syscall> which) {
        return numbers.stream().map(n -> SyscallTable.byNumber(n).orElseThrow()).filter(which)
                .map(Syscall::name).toList();
    }
}
