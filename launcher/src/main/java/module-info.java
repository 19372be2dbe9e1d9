// The launcher: runs any program under libsysfault.so; users write dev.sysfault.run.
module dev.sysfault.run {
    requires transitive dev.sysfault.fault;

    exports dev.sysfault.run;
}
