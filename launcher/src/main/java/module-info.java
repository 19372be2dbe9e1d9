// The launcher: runs any program under libsysfault.so, and explores its failures; users write dev.sysfault.run and
// dev.sysfault.explore.
// module: the qualified export names modules that depend on this one, so are not there when it compiles.
@SuppressWarnings("module")
module dev.sysfault.run {
    requires transitive dev.sysfault.fault;
    // Not code: the jar with libsysfault.so and sysfault-supervisor, which NativeLibrary reads as resources.
    requires dev.sysfault.interceptor;
    // SignalHandlers reaches sun.misc.Signal by reflection (the command line's Ctrl-C).
    requires jdk.unsupported;

    exports dev.sysfault.run;
    exports dev.sysfault.explore;
    // The library, the trusted cache, the run directory and the preload environment, for the workers, the
    // containers and the command line, which start programs the way SyscallFaults does.
    exports dev.sysfault.run.internal to dev.sysfault.cli, dev.sysfault.junit, dev.sysfault.container;
}
