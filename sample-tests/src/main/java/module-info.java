// The samples' code under test, as a user's project has it: it knows nothing of sysfault, only its tests do.
module dev.sysfault.samples {
    requires java.net.http;

    exports dev.sysfault.samples.config;
    exports dev.sysfault.samples.copy;
    exports dev.sysfault.samples.http;
    exports dev.sysfault.samples.wal;
    exports dev.sysfault.samples.walk;
}
