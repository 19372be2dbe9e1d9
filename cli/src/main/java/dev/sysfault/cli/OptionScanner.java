// Walks a subcommand's options (--name VALUE or --name=VALUE) up to its command, as run and explore both read them.
package dev.sysfault.cli;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The options before a command: they end at {@code --} (dropped) or at the first argument that does not start with
 * {@code -} (or is {@code -} alone); everything from there on is the command's.
 */
final class OptionScanner {

    /** An option as written: {@code --timeout} and, for {@code --timeout=10s}, its value. */
    record Option(String name, Optional<String> inlineValue) {
    }

    private final List<String> args;
    private int next;

    OptionScanner(List<String> args) {
        this.args = args;
    }

    /** The next option, or empty where the command begins. */
    Optional<Option> next() {
        if (next >= args.size()) {
            return Optional.empty();
        }
        String arg = args.get(next);
        if (arg.equals("--")) {
            next++;
            return Optional.empty();
        }
        if (!arg.startsWith("-") || arg.equals("-")) {
            return Optional.empty();
        }
        next++;
        int eq = arg.indexOf('=');
        return Optional.of(eq < 0 ? new Option(arg, Optional.empty())
                : new Option(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
    }

    /** The option's value: after its {@code =}, or the next argument; {@code example} says how to write it. */
    String value(Option option, UnaryOperator<String> example) throws UsageException {
        if (option.inlineValue().isPresent()) {
            return option.inlineValue().get();
        }
        if (next < args.size()) {
            return args.get(next++);
        }
        throw new UsageException(option.name() + " needs a value: " + example.apply(option.name()));
    }

    /**
     * The command after the options, checked: {@code verb} needs one, as in {@code example} (a whole command line),
     * and its program is not an empty string.
     */
    List<String> command(String verb, String usage, String example, String emptyExample) throws UsageException {
        List<String> command = args.subList(next, args.size());
        if (command.isEmpty()) {
            throw new UsageException(verb + " needs a command: write " + usage + ", as in " + example);
        }
        if (command.get(0).isEmpty()) {
            // A shell would say "command not found" (127); here it is a slip in sysfault's own arguments.
            throw new UsageException("the command is empty (''): write the program to " + verb + " after --, as in "
                    + emptyExample);
        }
        return command;
    }
}
