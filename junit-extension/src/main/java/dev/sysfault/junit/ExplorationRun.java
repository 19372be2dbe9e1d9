// One invocation of an @ExploreSyscallFaults test: the fault-free run or one fault, sent to the worker and judged.
package dev.sysfault.junit;

import dev.sysfault.explore.Candidate;
import dev.sysfault.fault.Fault;
import dev.sysfault.fault.trace.SyscallEvent;
import dev.sysfault.worker.internal.ArmedTest;
import dev.sysfault.worker.internal.BodyNotes;
import dev.sysfault.worker.internal.CallSites;
import dev.sysfault.worker.internal.LeftOpen;
import dev.sysfault.worker.internal.Workers;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

/**
 * In the parent, the invocation is skipped here and run in the class's worker ({@link Exploration} judges it); in
 * the worker, the body runs with the rules the parent sent armed around it, and what only the worker sees (the
 * points of the scoped trace, what the body left open) goes back in the body's notes. {@code @BeforeEach} and
 * {@code @AfterEach} run in the worker only.
 */
final class ExplorationRun implements TestTemplateInvocationContext, InvocationInterceptor, ParameterResolver {

    private final Exploration exploration;
    /** Empty: the fault-free run. */
    private final Optional<Candidate> candidate;

    /** In the parent. */
    ExplorationRun(Exploration exploration, Optional<Candidate> candidate) {
        this.exploration = exploration;
        this.candidate = candidate;
    }

    /** In the worker, which runs what the parent sent and needs no plan. */
    static ExplorationRun inWorker() {
        return new ExplorationRun(null, Optional.empty());
    }

    @Override
    public String getDisplayName(int invocationIndex) {
        return candidate.map(Exploration::title).orElse("fault-free run (recorded twice)");
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
        return List.of(this);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        if (Workers.inWorker()) {
            inWorker(invocation);
            return;
        }
        invocation.skip();
        if (candidate.isEmpty()) {
            exploration.recordFaultFree(context);
        } else {
            exploration.run(candidate.get(), context);
        }
    }

    private static void inWorker(Invocation<Void> body) throws Throwable {
        ArmedTest armed = ArmedTest.forReceivedTest();
        // The fault-free run (no fault sent) pauses its calls for their Java call sites; a faulted run does not.
        Optional<CallSites> sites = armed.faults().isEmpty() ? Optional.of(CallSites.watch()) : Optional.empty();
        LeftOpen before = LeftOpen.now();
        try {
            armed.around(body);
        } finally {
            sites.ifPresent(CallSites::close);
            LeftOpen after = LeftOpen.now();
            List<SyscallEvent> calls = armed.trace().events();
            Map<SyscallEvent, String> siteOf = sites.map(s -> s.sitesOf(calls, armed.trace().allThreads().events()))
                    .orElse(Map.of());
            BodyNotes.write(ObservedBody.of(calls, siteOf, after.since(before, DescriptorsKeptOpen.of(calls))).text());
        }
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        runInWorkerOnly(invocation);
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> invocationContext, ExtensionContext context) throws Throwable {
        runInWorkerOnly(invocation);
    }

    private static void runInWorkerOnly(Invocation<Void> invocation) throws Throwable {
        if (Workers.inWorker()) {
            invocation.proceed();
        } else {
            invocation.skip();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == ExploredFault.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (!Workers.inWorker()) {
            return null;   // this invocation is skipped: the worker resolves the parameter for the real one
        }
        List<Fault> sent = ArmedTest.forReceivedTest().faults();
        return sent.isEmpty() ? ExploredFault.none() : ExploredFault.ofSpec(sent.get(0).toSpec());
    }
}
