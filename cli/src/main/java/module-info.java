// The command line (./sysfault run): a program, not a library, so it exports nothing.
module dev.sysfault.cli {
    requires dev.sysfault.run;
}
