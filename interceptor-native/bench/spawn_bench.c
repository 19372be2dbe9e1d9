/*
 * spawn_bench RUNS PROGRAM NAME=PRELOAD [+VAR=VALUE ...] [NAME=PRELOAD ...]
 *
 * A variant's +THROUGH=LOADER is no variable: that variant runs "LOADER PROGRAM" (sysfault-exec).
 * Measures the start-up of PROGRAM (run without arguments, e.g. /bin/true):
 * posix_spawn + waitpid, timed with clock_gettime(CLOCK_MONOTONIC).  Each
 * variant runs PROGRAM with LD_PRELOAD=PRELOAD (an empty PRELOAD: no
 * LD_PRELOAD at all) and the +VAR=VALUE settings that follow it.  The variants are interleaved, and the order rotates
 * every round, so that drifting noise on the machine hits all of them alike.
 * A few warm-up rounds (page cache, dynamic loader caches) are not counted.
 *
 * PROGRAM's stdout goes to /dev/null; its stderr is inherited.  A run that
 * does not exit with status 0 stops the benchmark with exit status 1.
 *
 * Output, one line per variant:  NAME us <µs of run 1> <µs of run 2> ...
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define WARMUP_ROUNDS 20

struct variant {
	const char *name;
	const char *preload;
	const char *through; /* LOADER of +THROUGH=LOADER, or NULL */
	char **extra; /* VAR=VALUE settings of this variant */
	int nextra;
	char **envp;
	double *us;
};

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Does "VAR=..." set the same variable as one of the n settings? */
static int
overridden(const char *e, char **settings, int n)
{
	for (int i = 0; i < n; i++) {
		size_t len = (size_t)(strchr(settings[i], '=') - settings[i]) + 1;
		if (strncmp(e, settings[i], len) == 0)
			return 1;
	}
	return 0;
}

/*
 * environ without LD_PRELOAD and the variant's own variables, plus
 * LD_PRELOAD=preload (unless it is empty) and the variant's settings.
 */
static char **
make_env(const struct variant *v)
{
	const char *preload = v->preload;
	size_t n = 0;

	while (environ[n] != NULL)
		n++;
	char **envp = calloc(n + 2 + (size_t)v->nextra, sizeof *envp);
	if (envp == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0 &&
		    !overridden(environ[i], v->extra, v->nextra))
			envp[k++] = environ[i];
	for (int i = 0; i < v->nextra; i++)
		envp[k++] = v->extra[i];
	if (*preload != '\0') {
		size_t len = strlen(preload) + 12;
		char *e = malloc(len);
		if (e == NULL)
			return NULL;
		snprintf(e, len, "LD_PRELOAD=%s", preload);
		envp[k++] = e;
	}
	envp[k] = NULL;
	return envp;
}

static int
run_once(const char *prog, const struct variant *v,
	 const posix_spawn_file_actions_t *fa, double *us)
{
	char *argv[] = {(char *)prog, NULL, NULL};
	const char *file = prog;
	pid_t pid;
	int status;

	if (v->through != NULL) {
		argv[0] = (char *)v->through;
		argv[1] = (char *)prog;
		file = v->through;
	}
	double a = now_us();
	int err = posix_spawn(&pid, file, fa, NULL, argv, v->envp);
	if (err != 0) {
		fprintf(stderr, "spawn_bench: %s: posix_spawn %s: %s\n",
			v->name, prog, strerror(err));
		return -1;
	}
	if (waitpid(pid, &status, 0) != pid) {
		perror("spawn_bench: waitpid");
		return -1;
	}
	double b = now_us();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFSIGNALED(status))
			fprintf(stderr, "spawn_bench: %s: %s killed by signal %d\n",
				v->name, prog, WTERMSIG(status));
		else
			fprintf(stderr, "spawn_bench: %s: %s exited with status %d\n",
				v->name, prog, WEXITSTATUS(status));
		return -1;
	}
	*us = b - a;
	return 0;
}

int
main(int argc, char **argv)
{
	long runs = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

	if (argc < 4 || runs <= 0) {
		fprintf(stderr, "usage: %s RUNS PROGRAM NAME=PRELOAD...\n", argv[0]);
		return 2;
	}
	const char *prog = argv[2];
	struct variant *vs = calloc((size_t)argc, sizeof *vs);
	if (vs == NULL)
		return 2;
	int nv = 0;
	for (int a = 3; a < argc; a++) {
		char *spec = argv[a];
		char *eq = strchr(spec, '=');
		if (spec[0] == '+' && nv > 0 && eq != NULL && eq > spec + 1) {
			struct variant *v = &vs[nv - 1];
			if (strncmp(spec, "+THROUGH=", 9) == 0) {
				v->through = spec + 9;
				continue;
			}
			if (v->extra == NULL && (v->extra = calloc((size_t)argc, sizeof *v->extra)) == NULL)
				return 2;
			v->extra[v->nextra++] = spec + 1;
			continue;
		}
		if (spec[0] == '+' || eq == NULL || eq == spec) {
			fprintf(stderr, "spawn_bench: bad argument '%s' (want NAME=PRELOAD or +VAR=VALUE after one)\n", spec);
			return 2;
		}
		*eq = '\0';
		vs[nv].name = spec;
		vs[nv].preload = eq + 1;
		nv++;
	}
	if (nv == 0) {
		fprintf(stderr, "spawn_bench: no variant\n");
		return 2;
	}
	for (int i = 0; i < nv; i++) {
		vs[i].envp = make_env(&vs[i]);
		vs[i].us = calloc((size_t)runs, sizeof *vs[i].us);
		if (vs[i].envp == NULL || vs[i].us == NULL)
			return 2;
	}

	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);

	for (long r = -WARMUP_ROUNDS; r < runs; r++) {
		for (int j = 0; j < nv; j++) {
			/* Rotate the order: round r starts with variant r mod nv. */
			int i = (int)(((r + WARMUP_ROUNDS) + j) % nv);
			double us;
			if (run_once(prog, &vs[i], &fa, &us) != 0)
				return 1;
			if (r >= 0)
				vs[i].us[r] = us;
		}
	}

	for (int i = 0; i < nv; i++) {
		printf("%s us", vs[i].name);
		for (long r = 0; r < runs; r++)
			printf(" %.1f", vs[i].us[r]);
		printf("\n");
	}
	return 0;
}
