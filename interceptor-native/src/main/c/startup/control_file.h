/* Start-up side of the control file (docs/control-file.md): maps SYSFAULT_CONTROL and follows its table. */
#ifndef SYSFAULT_CONTROL_FILE_H
#define SYSFAULT_CONTROL_FILE_H

/*
 * With SYSFAULT_CONTROL set, maps the control file read-only and shared, hands its generation word and
 * the loader to the hook path, and loads the table it names now (a program started after a swap begins
 * with the swapped table).  A control file that cannot be used is reported on stderr and the process exits
 * with SYSFAULT_EXIT_STRICT: rules armed later would silently never apply.
 */
void control_file_setup(void);

#endif
