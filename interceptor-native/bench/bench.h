/* Shared by the benchmark programs and hook libraries of bench/. */
#ifndef SYSFAULT_BENCH_H
#define SYSFAULT_BENCH_H

/*
 * What hook_answer_getppid.so answers for getppid().  Larger than any pid the
 * kernel hands out (pid_max is at most 2^22), so it cannot be a real ppid.
 */
#define BENCH_ANSWERED_PPID 123456789L

#endif
