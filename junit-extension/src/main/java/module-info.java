// The JUnit 5 extension: users write dev.sysfault.junit and see dev.sysfault.worker's exceptions; the rest is internal.
// requires-automatic: Awaitility's jar names no module of its own. module: the qualified export names
// dev.sysfault.container, a module that depends on this one and so is not there when this one compiles.
@SuppressWarnings({"requires-automatic", "module"})
module dev.sysfault.junit {
    requires transitive dev.sysfault.run;
    requires transitive dev.sysfault.fault;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires awaitility;
    requires org.junit.platform.launcher;
    requires com.sun.jna;
    requires java.management;   // the worker starts with this JVM's options (RuntimeMXBean)

    exports dev.sysfault.junit;
    exports dev.sysfault.worker;
    // The containers' workers start the way this module's do (WorkerLaunch, WorkerCommand).
    exports dev.sysfault.worker.internal to dev.sysfault.container;
    // JUnit makes the package-private GlibcMatrixInvocations and runs the worker's warm-up test by reflection;
    // JNA implements the control API's interface.
    opens dev.sysfault.junit to org.junit.platform.commons;
    opens dev.sysfault.junit.internal to org.junit.platform.commons;
    opens dev.sysfault.worker.internal to com.sun.jna;

    uses dev.sysfault.worker.internal.ContainerWorkers;
    provides org.junit.platform.launcher.LauncherDiscoveryListener
            with dev.sysfault.junit.internal.WorkerDiscoveryStart;
    provides org.junit.platform.launcher.TestExecutionListener with dev.sysfault.junit.internal.WorkerPrestart;
    // Registered in the worker alone (autodetection limited to it): a class's static @BeforeAll/@AfterAll once.
    provides org.junit.jupiter.api.extension.Extension with dev.sysfault.worker.internal.ClassLifecycleInWorker;
}
