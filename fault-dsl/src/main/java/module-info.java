// The fault language and the trace reader: what every other module builds on; both packages are API.
module dev.sysfault.fault {
    exports dev.sysfault.fault;
    exports dev.sysfault.fault.trace;
}
