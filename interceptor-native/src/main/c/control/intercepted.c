/* Whether start-up patched this process: startup/init.c records it here, the control API reads it. */
#include <stddef.h>
#include "intercepted.h"

int sysfault_process_patched = -1;
char sysfault_why_not_patched[160];

const char *
not_intercepted_because(void)
{
	return sysfault_process_patched == 0 ? sysfault_why_not_patched : NULL;
}
