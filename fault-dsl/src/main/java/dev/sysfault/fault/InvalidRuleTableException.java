// A rule table's bytes that fail docs/rule-table.md's checks: what is wrong, and at which offset.
package dev.sysfault.fault;

/** Thrown by {@link RuleTable#read(byte[])} for bytes the library would refuse. */
public class InvalidRuleTableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidRuleTableException(String message) {
        super(message);
    }
}
