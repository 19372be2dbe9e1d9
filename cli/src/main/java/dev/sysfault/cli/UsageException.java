// A mistake on sysfault's own command line: reported as one line on stderr, exit status 2.
package dev.sysfault.cli;

/** What was wrong with the arguments and how to write them; the message is one line. */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
