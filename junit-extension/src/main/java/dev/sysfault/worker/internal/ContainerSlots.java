// How many worker containers may run at once on the engine: sysfault.worker.containers, shared by every class's workers.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.internal.UserInput;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Unset: as many as tests run at once (each class JUnit runs in parallel gets a container of its own). {@code N}: at
 * most N, taken by a worker when it starts and given back when it ends; a class that wants one more waits for one,
 * or for one of its own to be idle. Every class given the same N shares the same N slots. N > 1 also spreads one
 * exploration's runs over up to N containers ({@code RunsAhead} in the extension, through {@link ClassWorkers}).
 */
final class ContainerSlots {

    static final String CONTAINERS = "sysfault.worker.containers";

    private static final Map<Integer, Semaphore> SLOTS = new ConcurrentHashMap<>();

    private ContainerSlots() {
    }

    static Optional<Semaphore> of(ExtensionContext context) {
        return count(context).map(n -> SLOTS.computeIfAbsent(n, k -> new Semaphore(k, true)));
    }

    /** The N of {@code sysfault.worker.containers}, if set. */
    static Optional<Integer> count(ExtensionContext context) {
        return context.getConfigurationParameter(CONTAINERS).map(String::strip).map(v -> {
            if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1) {
                throw new ExtensionConfigurationException("configuration parameter " + CONTAINERS + "="
                        + UserInput.plain(v) + " is not a number of containers from 1 to 9999");
            }
            return Integer.parseInt(v);
        });
    }
}
