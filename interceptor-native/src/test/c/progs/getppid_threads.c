/*
 * getppid_threads: four threads call getppid without pause while the test swaps the rules through the
 * control file, for ControlFileTest.
 *
 *   getppid_threads
 *
 * Prints "running\n" once every thread has made a call, then reads stdin to its end; then stops the
 * threads, prints each distinct result they saw as "seen VALUE" (ascending), and last "after VALUE", what
 * one more getppid of the main thread returns.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define THREADS 4
#define DISTINCT 16

static int stop, started;
static long seen[THREADS][DISTINCT];
static int seen_count[THREADS];

static void *caller(void *arg)
{
	int t = (int)(long)arg;
	int first = 1;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		long v = (long)getppid();
		int known = 0;
		for (int i = 0; i < seen_count[t]; i++)
			known |= seen[t][i] == v;
		if (!known && seen_count[t] < DISTINCT)
			seen[t][seen_count[t]++] = v;
		if (first) {
			__atomic_add_fetch(&started, 1, __ATOMIC_RELEASE);
			first = 0;
		}
	}
	return NULL;
}

static int ascending(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	pthread_t threads[THREADS];
	for (long t = 0; t < THREADS; t++)
		if (pthread_create(&threads[t], NULL, caller, (void *)t) != 0)
			return 2;
	while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < THREADS)
		sched_yield();
	printf("running\n");
	fflush(stdout);
	char buf[256];
	while (fread(buf, 1, sizeof buf, stdin) > 0)
		;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	long all[THREADS * DISTINCT];
	int n = 0;
	for (int t = 0; t < THREADS; t++) {
		pthread_join(threads[t], NULL);
		for (int i = 0; i < seen_count[t]; i++) {
			int known = 0;
			for (int j = 0; j < n; j++)
				known |= all[j] == seen[t][i];
			if (!known)
				all[n++] = seen[t][i];
		}
	}
	qsort(all, (size_t)n, sizeof all[0], ascending);
	for (int i = 0; i < n; i++)
		printf("seen %ld\n", all[i]);
	printf("after %ld\n", (long)getppid());
	return 0;
}
