// Every Java module says what it exports and every package says what it is for; internals are not exported.
package dev.sysfault.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModuleDescriptorsTest {

    /** An export to everyone: {@code exports a.b;}, not {@code exports a.b to c;}. */
    private static final Pattern EXPORT = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void everyModuleHasAModuleInfo() {
        assertThat(ProjectSources.mainRoots()).allSatisfy(main -> assertThat(main.resolve("module-info.java"))
                .as("the module descriptor of %s", main).isRegularFile());
    }

    @Test
    void everyPackageSaysWhatItIsFor() {
        List<Path> missing = new ArrayList<>();
        Set<Path> packages = new TreeSet<>();
        ProjectSources.mainSources().stream().filter(f -> !f.endsWith("module-info.java"))
                .forEach(f -> packages.add(f.getParent()));
        packages.stream().filter(p -> !Files.isRegularFile(p.resolve("package-info.java"))).forEach(missing::add);
        assertThat(missing).as("packages without a package-info.java").isEmpty();
    }

    @Test
    void noModuleExportsAnInternalPackageToEveryone() {
        List<String> exported = new ArrayList<>();
        for (Path main : ProjectSources.mainRoots()) {
            try {
                Matcher m = EXPORT.matcher(PackageCyclesTest.code(Files.readString(main.resolve("module-info.java"))));
                while (m.find()) {
                    exported.add(m.group(1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(exported).contains("dev.sysfault.junit", "dev.sysfault.run", "dev.sysfault.fault")
                .noneMatch(p -> p.endsWith(".internal") || p.contains(".internal."));
    }
}
