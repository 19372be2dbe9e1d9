// The shape of libsysfault.so that lets one binary run on every glibc from 2.31 on: symbol versions, NEEDED, exports.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LibraryPortabilityTest {

    private static final Set<String> HOOK_API = Set.of(
            "intercept_hook_point",
            "intercept_hook_point_clone_child",
            "intercept_hook_point_clone_parent",
            "syscall_no_intercept",
            "syscall_hook_in_process_allowed",
            "sysfault_hook_point_clone_child",
            "sysfault_hook_point_clone_parent");

    /** include/sysfault_control.h. */
    private static final Set<String> CONTROL_API = Set.of(
            "sysfault_control_version",
            "sysfault_load_rules",
            "sysfault_clear_rules",
            "sysfault_exempt_thread",
            "sysfault_scope_rules",
            "sysfault_watch_paused_calls",
            "sysfault_pause_thread",
            "sysfault_next_paused_call",
            "sysfault_release_paused_call");

    /** The loader's entry points, passed on to glibc's, so that objects loaded later get their sites planned. */
    private static final Set<String> LOADER_WRAPPERS = Set.of("dlopen", "dlmopen", "dlclose");

    /** objdump -T: 16 hex digits of address, a space, 7 characters of flags, a space, the section, ..., the name last. */
    private static final Pattern DYNAMIC_SYMBOL = Pattern.compile("^[0-9a-f]{16} .{7} (\\S+)\\s.*\\s(\\S+)$");

    private static List<String> dynamicSymbols() {
        ProgramRun.Result objdump = ProgramRun.of("objdump", "-T", NativeBuild.library().toString()).run();
        assertThat(objdump.exitCode()).as(objdump.describe()).isZero();
        return objdump.stdout().lines().filter(line -> line.matches("^[0-9a-f]{16} .*")).toList();
    }

    @Test
    void needsNoGlibcSymbolVersionNewerThan2_17() {
        Set<String> versions = new TreeSet<>();
        Matcher m = Pattern.compile("GLIBC_(\\d+(?:\\.\\d+)*)").matcher(String.join("\n", dynamicSymbols()));
        while (m.find()) {
            versions.add(m.group(1));
        }
        assertThat(versions).as("GLIBC_ versions that objdump -T shows").isNotEmpty()
                .allSatisfy(version -> assertThat(compareVersions(version, "2.17"))
                        .as("GLIBC_%s is newer than GLIBC_2.17", version).isLessThanOrEqualTo(0));
    }

    @Test
    void carriesCapstoneInsideInsteadOfNeedingIt() {
        ProgramRun.Result readelf = ProgramRun.of("readelf", "-d", NativeBuild.library().toString()).run();
        assertThat(readelf.exitCode()).as(readelf.describe()).isZero();
        List<String> needed = readelf.stdout().lines().filter(line -> line.contains("(NEEDED)")).toList();

        assertThat(needed).as("NEEDED entries").noneMatch(line -> line.contains("capstone"));
        assertThat(needed).as("NEEDED entries").allSatisfy(line -> assertThat(line)
                .containsAnyOf("[libc.so.6]", "[ld-linux-x86-64.so.2]", "[libdl.so.2]", "[libpthread.so.0]"));
    }

    @Test
    void exportsTheHookApiTheControlApiAndTheLoaderWrappersExactly() {
        Set<String> defined = new TreeSet<>();
        for (String line : dynamicSymbols()) {
            Matcher m = DYNAMIC_SYMBOL.matcher(line);
            assertThat(m.matches()).as("objdump -T line '%s'", line).isTrue();
            if (!m.group(1).equals("*UND*")) {
                defined.add(m.group(2));
            }
        }
        Set<String> expected = new TreeSet<>(HOOK_API);
        expected.addAll(CONTROL_API);
        expected.addAll(LOADER_WRAPPERS);

        assertThat(defined).as("defined dynamic symbols (src/main/c/sysfault.map)").isEqualTo(expected);
    }

    private static int compareVersions(String a, String b) {
        int[] x = Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] y = Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }
}
