/* A yes/no environment variable (SYSFAULT_DEBUG, SYSFAULT_STRICT, INTERCEPT_ALL_OBJS), read at start-up by the library and by sysfault-exec. */
#ifndef SYSFAULT_ENV_FLAG_H
#define SYSFAULT_ENV_FLAG_H

#include <stdlib.h>
#include <string.h>

/* Set, not empty and not "0". */
static inline int
env_flag(const char *name)
{
	const char *v = getenv(name);
	return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0;
}

#endif
