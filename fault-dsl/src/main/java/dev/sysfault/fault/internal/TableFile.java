// Reads one of the generated tab-separated resource tables, which sit beside the API's classes (dev/sysfault/fault/).
package dev.sysfault.fault.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class TableFile {

    private TableFile() {
    }

    /** The rows of {@code name}, each split at tabs; the header comment is skipped. */
    public static List<String[]> rows(String name) {
        // Absolute: the generators write the tables into dev/sysfault/fault/, where they were before this class moved.
        InputStream in = TableFile.class.getResourceAsStream("/dev/sysfault/fault/" + name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the jar; run fault-dsl/tools/generate-tables");
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        return rows;
    }
}
