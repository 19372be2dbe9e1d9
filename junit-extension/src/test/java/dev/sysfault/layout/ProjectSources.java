// The main sources of every Java module of the project, read from the folder above the module the tests run in.
package dev.sysfault.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Sources, not classes: the checks need no build of the other modules and run wherever the tests do. */
final class ProjectSources {

    private ProjectSources() {
    }

    /** The folder above this module's, where the modules are (tests run in their module's folder). */
    static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("fault-dsl/src/main/java")).as("the project's modules beside this one").isDirectory();
        return root;
    }

    /** Each module's {@code src/main/java}. */
    static List<Path> mainRoots() {
        try (Stream<Path> modules = Files.list(root())) {
            return modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code .java} file under the modules' {@code src/main/java}. */
    static List<Path> mainSources() {
        List<Path> files = new ArrayList<>();
        for (Path main : mainRoots()) {
            try (Stream<Path> walk = Files.walk(main)) {
                walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
