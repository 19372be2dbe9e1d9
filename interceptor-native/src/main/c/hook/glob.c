/* Path globs of the rule table: '*' within a component, '**' across components, '?' one character. */
#include "glob.h"

#define MAX_STEPS 100000

struct matcher {
	const char *path_end;
	long steps;
};

static int
match_here(struct matcher *m, const char *g, const char *p)
{
	while (*g != '\0') {
		if (++m->steps > MAX_STEPS)
			return 0;
		if (g[0] == '*' && g[1] == '*') {
			const char *rest = g + 2;
			while (*rest == '*')
				rest++;
			for (const char *q = p;; q++) {
				if (match_here(m, rest, q))
					return 1;
				if (q == m->path_end)
					return 0;
			}
		}
		if (g[0] == '*') {
			for (const char *q = p;; q++) {
				if (match_here(m, g + 1, q))
					return 1;
				if (q == m->path_end || *q == '/')
					return 0;
			}
		}
		if (p == m->path_end)
			return 0;
		if (g[0] == '?') {
			if (*p == '/')
				return 0;
		} else if (g[0] != *p) {
			return 0;
		}
		g++;
		p++;
	}
	return p == m->path_end;
}

int
sysfault_glob_match(const char *glob, const char *path, size_t len)
{
	const char *start = path;
	int has_slash = 0;
	for (const char *g = glob; *g != '\0'; g++)
		if (*g == '/')
			has_slash = 1;
	if (!has_slash) {
		for (size_t i = 0; i < len; i++)
			if (path[i] == '/')
				start = path + i + 1;
	}
	struct matcher m = { .path_end = path + len, .steps = 0 };
	return match_here(&m, glob, start);
}
