// The fault language and the trace reader: what every other module builds on; users write dev.sysfault.fault and
// dev.sysfault.fault.trace. module: the qualified export names modules that depend on this one, so are not there
// when it compiles.
@SuppressWarnings("module")
module dev.sysfault.fault {
    exports dev.sysfault.fault;
    exports dev.sysfault.fault.trace;
    // The errno and signal tables, quoting what a user wrote, the related calls of an unfired fault's message: for
    // the launcher, the command line, the JUnit extension and the containers, which word their errors the same way.
    exports dev.sysfault.fault.internal to dev.sysfault.run, dev.sysfault.cli, dev.sysfault.junit,
            dev.sysfault.container;
}
