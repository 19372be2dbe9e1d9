// Prints a flags argument as strace does: an optional leading field (O_RDWR, MAP_PRIVATE), then NAME|NAME|0x..
package dev.sysfault.fault.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flag names in the order strace prints them; a flag whose bits include another's (O_SYNC, O_TMPFILE) is
 * listed before it so it takes both. Bits no name covers are printed last in hex.
 */
final class FlagSet {

    private final String zero;
    private final long fieldMask;
    private final Map<Long, String> fieldNames;
    private final Map<String, Long> flags;

    private FlagSet(String zero, long fieldMask, Map<Long, String> fieldNames, Map<String, Long> flags) {
        this.zero = zero;
        this.fieldMask = fieldMask;
        this.fieldNames = fieldNames;
        this.flags = flags;
    }

    /** Flags only; {@code zero} is what strace prints for no flag at all ("0", "PROT_NONE"). */
    static FlagSet of(String zero, Object... namesAndBits) {
        return withField(zero, 0, Map.of(), namesAndBits);
    }

    /** A field under {@code fieldMask} printed by name first (always, even when 0), then the flags. */
    static FlagSet withField(String zero, long fieldMask, Map<Long, String> fieldNames, Object... namesAndBits) {
        Map<String, Long> flags = new LinkedHashMap<>();
        for (int i = 0; i < namesAndBits.length; i += 2) {
            flags.put((String) namesAndBits[i], ((Number) namesAndBits[i + 1]).longValue());
        }
        return new FlagSet(zero, fieldMask, Map.copyOf(fieldNames), flags);
    }

    String format(long value) {
        List<String> parts = new ArrayList<>();
        long rest = value;
        if (fieldMask != 0) {
            long field = value & fieldMask;
            String name = fieldNames.get(field);
            if (name != null) {
                parts.add(name);
                rest &= ~fieldMask;
            }
        }
        for (Map.Entry<String, Long> f : flags.entrySet()) {
            if ((rest & f.getValue()) == f.getValue()) {
                parts.add(f.getKey());
                rest &= ~f.getValue();
            }
        }
        if (rest != 0) {
            parts.add("0x" + Long.toHexString(rest));
        }
        return parts.isEmpty() ? zero : String.join("|", parts);
    }

    /** Whether every bit of {@code flag}'s value is set in {@code value}. */
    boolean has(long value, String flag) {
        long bits = flags.get(flag);
        return (value & bits) == bits;
    }
}
