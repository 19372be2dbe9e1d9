// The in-process control API of the preloaded libsysfault.so (interceptor-native/include/sysfault_control.h), by JNA.
package dev.sysfault.worker.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Swaps the rules of this process, scopes them to a thread, exempts the harness's own; only in a JVM that preloads the library. */
final class SysfaultControl {

    private static final int VERSION = 3;

    /** The C functions, as JNA binds them. */
    interface Functions extends Library {
        int sysfault_control_version();

        int sysfault_load_rules(String path, byte[] message, long messageSize);

        void sysfault_clear_rules();

        void sysfault_exempt_thread(int exempt);

        int sysfault_scope_rules(long tid);

        int sysfault_watch_paused_calls(int on);

        int sysfault_pause_thread(long tid);

        /** {@code call}: the C struct's three longs (tid, nr, arg0). */
        int sysfault_next_paused_call(long[] call, int timeoutMs);

        void sysfault_release_paused_call(int slot);
    }

    private final Functions c;

    private SysfaultControl(Functions c) {
        this.c = c;
    }

    /** Binds the already loaded {@code library} (the same file as in {@code LD_PRELOAD}, so the same copy). */
    static SysfaultControl bind(Path library) {
        Functions c = Native.load(library.toString(), Functions.class);
        int version = c.sysfault_control_version();
        if (version != VERSION) {
            throw new IllegalStateException(library + " has control API version " + version + ", this extension needs "
                    + VERSION + ": use the library from the same sysfault release");
        }
        return new SysfaultControl(c);
    }

    /** Makes the table at {@code file} the rules of this process, or says why the library refused it. */
    void loadRules(Path file) {
        byte[] message = new byte[512];
        if (c.sysfault_load_rules(file.toString(), message, message.length) != 0) {
            int end = 0;
            while (end < message.length && message[end] != 0) {
                end++;
            }
            throw new ExtensionConfigurationException("libsysfault.so refused the rule table: "
                    + new String(message, 0, end, StandardCharsets.UTF_8));
        }
    }

    void clearRules() {
        c.sysfault_clear_rules();
    }

    /**
     * The rules apply from now on to thread {@code tid} (the kernel's id) and to the threads and processes it starts,
     * not to the others; 0: to every thread again.
     */
    void scopeRules(long tid) {
        c.sysfault_scope_rules(tid);
    }

    /** The calling thread becomes the process's watcher of paused calls (and exempt); false: another one is. */
    boolean watchPausedCalls() {
        return c.sysfault_watch_paused_calls(1) == 0;
    }

    /** The calls of thread {@code tid} (the kernel's id) and of the threads it starts wait for the watcher. */
    void pauseThread(long tid) {
        c.sysfault_pause_thread(tid);
    }

    /** The watcher stops; every call still waiting goes on. */
    void stopWatchingPausedCalls() {
        c.sysfault_watch_paused_calls(0);
    }

    /** Waits up to {@code timeoutMs} for a paused call: its slot, with tid, syscall number and first argument in
     * {@code call}; -1 when none came. */
    int nextPausedCall(long[] call, int timeoutMs) {
        return c.sysfault_next_paused_call(call, timeoutMs);
    }

    void releasePausedCall(int slot) {
        c.sysfault_release_paused_call(slot);
    }

    /** The calling thread's calls bypass the rules and the trace from now on. */
    void exemptThisThread() {
        c.sysfault_exempt_thread(1);
    }
}
