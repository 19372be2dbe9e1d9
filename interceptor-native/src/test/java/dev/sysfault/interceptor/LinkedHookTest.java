// A program linked against libsysfault.so (progs/linked_hook.c), as syscall_intercept's filter tests run it: hooked unless INTERCEPT_HOOK_CMDLINE_FILTER names another program.
package dev.sysfault.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkedHookTest {

    private static ProgramRun linkedHook() {
        return ProgramRun.of(NativeBuild.program("linked_hook").toString());
    }

    @Test
    void withoutAFilterItsHookSeesItsCalls() {
        ProgramRun.Result result = linkedHook().run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("hooked - allowed\n");
    }

    @Test
    void aFilterNamingItHooksIt() {
        ProgramRun.Result result = linkedHook().env("INTERCEPT_HOOK_CMDLINE_FILTER", "linked_hook").run();

        assertThat(result.stdout()).as(result.describe()).isEqualTo("hooked - allowed\n");
    }

    /** Another name, a part of its name, its name inside a longer one. */
    @ParameterizedTest
    @ValueSource(strings = {"non_matching_filter", "inked_hook", "linked_hoo", "Alinked_hook"})
    void aFilterNamingAnythingElseLeavesItUnhooked(String filter) {
        ProgramRun.Result result = linkedHook().env("INTERCEPT_HOOK_CMDLINE_FILTER", filter).run();

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo("disallowed\n");
    }
}
