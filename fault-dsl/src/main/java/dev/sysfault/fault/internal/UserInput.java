// Quotes what a user wrote inside an error message: on one line, and short however long the input was.
package dev.sysfault.fault.internal;

/**
 * A message that repeats a 300 kB SPEC, or a name with a newline in it, is no longer one readable line. These
 * quote user input with control characters escaped ({@code \n}, {@code \x1b}) and with a long input cut to the
 * part that matters, the cut marked with how much was left out.
 */
public final class UserInput {

    /** How much of an input a message repeats: enough to recognise it, short enough for one terminal line. */
    public static final int KEPT = 60;

    private UserInput() {
    }

    /** {@code text} in double quotes, cut after its first {@link #KEPT} characters (as shown) when longer. */
    public static String quote(String text) {
        return text == null ? "null" : around(text, 0);
    }

    /** {@code text} as it is when it is short and has no control character, else {@link #quote quoted}. */
    public static String plain(String text) {
        String quoted = quote(text);
        return quoted.equals('"' + text + '"') ? text : quoted;
    }

    /**
     * {@code text} in double quotes, cut to the {@link #KEPT} characters (as shown, escapes included) around
     * {@code at} (where a mistake is) when it is longer, so that the part the message points at is always shown.
     */
    public static String around(String text, int at) {
        int from = Math.max(0, Math.min(at, text.length()));
        int to = from;
        int width = 0;
        boolean grew = true;
        while (grew) {
            grew = false;
            if (to < text.length() && width + escaped(text.charAt(to)).length() <= KEPT) {
                width += escaped(text.charAt(to++)).length();
                grew = true;
            }
            if (from > 0 && width + escaped(text.charAt(from - 1)).length() <= KEPT) {
                width += escaped(text.charAt(--from)).length();
                grew = true;
            }
        }
        StringBuilder s = new StringBuilder("\"");
        if (from > 0) {
            s.append(elided(from));
        }
        for (int i = from; i < to; i++) {
            s.append(escaped(text.charAt(i)));
        }
        if (to < text.length()) {
            s.append(elided(text.length() - to));
        }
        return s.append('"').toString();
    }

    private static String elided(int characters) {
        return "[... " + characters + " characters ...]";
    }

    /** A control character (a newline would break the message's one line) as a C escape, the rest as it is. */
    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    yield String.format("\\x%02x", (int) c);
                }
                int type = Character.getType(c);
                if ((c >= 0x80 && c < 0xa0) || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    yield String.format("\\u%04x", (int) c);
                }
                yield String.valueOf(c);
            }
        };
    }
}
