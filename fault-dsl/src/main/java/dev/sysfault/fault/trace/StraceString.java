// Quotes bytes the way strace prints a string argument: "..." with C escapes and octal for the rest.
package dev.sysfault.fault.trace;

final class StraceString {

    private StraceString() {
    }

    /**
     * {@code "a\tb\\c\"\33[0m"}: printable ASCII as is, {@code \" \\ \f \n \r \t \v}, every other byte in
     * octal, with three digits only when a digit 0..7 follows (as strace does, so the text reads back
     * unambiguously).
     */
    static String quote(byte[] bytes, int length) {
        StringBuilder s = new StringBuilder(length + 2).append('"');
        for (int i = 0; i < length; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\f' -> s.append("\\f");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 0x0b -> s.append("\\v");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        s.append((char) c);
                    } else {
                        boolean digitFollows = i + 1 < length && bytes[i + 1] >= '0' && bytes[i + 1] <= '7';
                        String octal = Integer.toOctalString(c);
                        s.append('\\').append(digitFollows ? "000".substring(octal.length()) + octal : octal);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
