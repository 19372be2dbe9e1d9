/* Objects that dlopen loads after start-up: their syscall sites planned for the rewrite, and forgotten before dlclose unmaps them. */
#ifndef SYSFAULT_LOADED_LATER_H
#define SYSFAULT_LOADED_LATER_H

/*
 * At the end of start-up, once the start-up objects' caught sites are listed: from now on each
 * loaded_later_opened() plans the objects that are new.  debug: say so on stderr (SYSFAULT_DEBUG).
 */
void loaded_later_start(int debug);

/* After a dlopen or dlmopen returned (in the caller's thread, normal context): plans the new objects. */
void loaded_later_opened(void);

/* Before a dlclose: no site of an object loaded later is rewritten until loaded_later_closed(). */
void loaded_later_closing(void);

/* After it: the objects that are gone are forgotten; the others' sites may be rewritten again. */
void loaded_later_closed(void);

#endif
