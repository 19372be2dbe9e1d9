// No Java package of the project uses another that uses it back, directly or through others: the layout reads one way.
package dev.sysfault.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reads the main sources of every module (each folder at the top with a {@code src/main/java}), so it needs no
 * built classes and runs wherever the tests do. A package uses another when its code names one of the other's
 * types: an import, or a qualified name in code. Comments and string literals do not count (a class loaded by
 * name, such as the worker's warm-up test, is a deliberate exception that its code explains).
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(dev\\.sysfault(?:\\.[a-z]\\w*)+)\\.[A-Z*]");

    @Test
    void theProjectsPackagesHaveNoCycle() {
        Map<String, Set<String>> uses = uses(ProjectSources.mainSources());
        assertThat(uses).as("packages found").containsKeys("dev.sysfault.fault", "dev.sysfault.junit",
                "dev.sysfault.worker.internal", "dev.sysfault.run");
        assertThat(cycles(uses)).as("package cycles (each: a package, what it uses, ..., back to it)").isEmpty();
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(uses)).containsExactly("a -> b -> c -> a");
    }

    @Test
    void codeIsReadWithoutCommentsAndStrings() {
        String code = "package dev.sysfault.a;\n// dev.sysfault.b.X\n/* dev.sysfault.c.Y */\n"
                + "class Z { String s = \"dev.sysfault.d.W \\\" dev.sysfault.e.V\"; dev.sysfault.f.U u; }\n";
        assertThat(code(code)).doesNotContain("dev.sysfault.b", "dev.sysfault.c", "dev.sysfault.d", "dev.sysfault.e")
                .contains("dev.sysfault.f.U");
    }

    /** Each package and the project's packages its code names. */
    private static Map<String, Set<String>> uses(List<Path> files) {
        Map<String, String> code = new TreeMap<>();
        Map<String, String> packageOf = new TreeMap<>();
        for (Path file : files) {
            try {
                String text = code(Files.readString(file));
                Matcher p = PACKAGE.matcher(text);
                String pkg = p.find() ? p.group(1) : "";
                code.put(file.toString(), text);
                packageOf.put(file.toString(), pkg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Set<String> packages = new TreeSet<>(packageOf.values());
        Map<String, Set<String>> uses = new TreeMap<>();
        packages.forEach(p -> uses.put(p, new TreeSet<>()));
        code.forEach((file, text) -> {
            String from = packageOf.get(file);
            Matcher m = QUALIFIED.matcher(text);
            while (m.find()) {
                String to = longestPackage(m.group(1), packages);
                if (to != null && !to.equals(from)) {
                    uses.get(from).add(to);
                }
            }
        });
        return uses;
    }

    /** {@code name} may end in a class ({@code dev.sysfault.worker.internal.Messages} of {@code Messages.Outcome}). */
    private static String longestPackage(String name, Set<String> packages) {
        for (String n = name; !n.isEmpty(); n = n.contains(".") ? n.substring(0, n.lastIndexOf('.')) : "") {
            if (packages.contains(n)) {
                return n;
            }
        }
        return null;
    }

    /** The cycles, each once, starting at its smallest package: "a -> b -> a". */
    static List<String> cycles(Map<String, Set<String>> uses) {
        Set<String> found = new TreeSet<>();
        for (String start : uses.keySet()) {
            walk(start, new ArrayList<>(List.of(start)), uses, found);
        }
        return List.copyOf(found);
    }

    private static void walk(String start, List<String> path, Map<String, Set<String>> uses, Set<String> found) {
        for (String next : uses.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(start)) {
                found.add(String.join(" -> ", path) + " -> " + start);
            } else if (next.compareTo(start) > 0 && !path.contains(next)) {
                path.add(next);
                walk(start, path, uses, found);
                path.remove(path.size() - 1);
            }
        }
    }

    /** The text with comments, string and character literals (text blocks too) blanked out. */
    static String code(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (text.startsWith("//", i)) {
                i = end(text, i, "\n") - 1;   // the line's end stays: a package line may follow
            } else if (text.startsWith("/*", i)) {
                i = end(text, i + 2, "*/");
            } else if (text.startsWith("\"\"\"", i)) {
                i = end(text, i + 3, "\"\"\"");
            } else if (c == '"' || c == '\'') {
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else {
                out.append(c);
                i++;
                continue;
            }
            out.append(' ');
        }
        return out.toString();
    }

    /** Just past the first {@code close} from {@code from} (a text block's may be escaped: \"\"\"). */
    private static int end(String text, int from, String close) {
        int i = from;
        while (i < text.length() && !text.startsWith(close, i)) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(text.length(), i + close.length());
    }
}
