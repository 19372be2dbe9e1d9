/*
 * The in-process control API of libsysfault.so: change the rules while the program runs.
 *
 * For a harness inside the program under test, for example a worker JVM (through JNA) that swaps
 * the rules for each test without restarting.  libsysfault.so is preloaded, so a caller finds these
 * functions with dlsym(RTLD_DEFAULT, "sysfault_load_rules") and so on, or links against the
 * library.  Every function may be called from any thread while other threads make system calls.
 * Their own system calls take no rule and are not traced: they read the file with raw system calls,
 * and the calling thread is exempt (below) while it is inside one of them.
 *
 * The rules in force are one pointer that a new table replaces at once: a call that has already
 * entered the rule engine finishes with the table it started with, every later call sees the new
 * one.  A replaced table therefore stays mapped (never unmapped or reused: a thread may still be
 * reading it), a few pages for each load plus the file's counters; a process that loads tens of
 * thousands of tables keeps them all.
 */
#ifndef SYSFAULT_CONTROL_H
#define SYSFAULT_CONTROL_H

#ifdef __cplusplus
extern "C" {
#endif

/* What sysfault_control_version() returns for the functions below. */
#define SYSFAULT_CONTROL_VERSION 3

/* The version of this API: 3 (2 had no sysfault_scope_rules, 1 no paused calls). */
int sysfault_control_version(void);

/*
 * Loads the rule table at path (docs/rule-table.md: the same format and the same checks as
 * SYSFAULT_RULES at start-up) and makes it the process's rules at once.
 *
 * Returns 0, or -1 with a one-line message that names the file and what is wrong with it in
 * message[0 .. message_size) (NUL-terminated, cut to fit; message may be NULL when message_size
 * is 0); the rules in force are then unchanged.  On success message is not touched.
 *
 * In a process whose glibc start-up did not patch, no rule would ever apply, so every table is
 * refused, with "rule table PATH: not loaded: this process is not intercepted (why)": the library
 * was dlopen()ed into a process that already ran several threads (it patches only when preloaded),
 * INTERCEPT_HOOK_CMDLINE_FILTER excludes the program, or glibc could not be patched.
 *
 * - Per-process counts (when= and times=) start from zero for the new table, also when it is
 *   the same file again; a forked child starts from zero for the table in force when it forked.
 * - The shared counters (matched, fired; RuleCounters in Java) are the new file's, which stays
 *   mapped shared: write each table to a new file, or rewrite one only when it is no longer in
 *   force (truncating a mapped file makes a call that counts into it crash with SIGBUS).  The
 *   rest of the file is copied when it is loaded: changing it later has no effect.
 * - COMMAND rules apply according to the program's argv[0] at start-up.
 * - A table without rules is the same as sysfault_clear_rules().
 */
int sysfault_load_rules(const char *path, char *message, unsigned long message_size);

/* No rules from now on, with the same atomicity as sysfault_load_rules. */
void sysfault_clear_rules(void);

/*
 * From now on the rules in force apply only to thread tid (the kernel's id, as gettid returns) of this
 * process and to the threads and processes it starts from now on, directly or through them; tid 0: to
 * every thread again (the default).  Returns 0, or -1 (errno-free) when tid is negative.
 *
 * For a harness that runs a test in its own process: the rules hit the test's thread, not the
 * harness's (a JVM's GC, JIT, or the threads that talk to the build tool).  In scope: thread tid; each
 * thread that a thread in scope starts (pthread_create, clone or clone3 sharing its memory); a vfork or
 * posix_spawn child until it execs; a fork child of a thread in scope, with every thread it starts.
 * Not: threads that existed before (unless named), nor what a thread out of scope starts.  A new
 * thread is judged correctly even when it runs before its parent's clone returns (it waits, at most
 * 10 s, for that clone).  A call out of scope is traced as before and takes no rule, nor counts for
 * one (the shared counters count only calls in scope).  Up to 1024 threads in scope at once (a thread
 * leaves as it exits); a thread started beyond that is out of scope.  A program that a child execs
 * starts a new libsysfault.so, without scope, with the rules its environment names.  Each call sets
 * a new scope (the earlier one's threads are forgotten), independently of the table in force.
 */
int sysfault_scope_rules(long tid);

/*
 * exempt != 0: the calling thread's system calls take no rule and are not traced, until it calls
 * this again with 0.  For a harness's own thread, such as the connection to its parent, so that a
 * rule like "every write fails with EIO" cannot stop a result from coming back.  Per thread: a
 * new thread starts not exempt; a fork or vfork child continues the thread that made it and
 * keeps its setting until it execs.  A hook (intercept_hook_point) still sees the calls.
 */
void sysfault_exempt_thread(int exempt);

/*
 * Paused calls: a rule with the PAUSE action (docs/rule-table.md) holds each call it takes until
 * this process's watcher has let it go, so that the watcher can look at the calling thread while
 * it waits (a worker JVM reads the thread's Java stack: the call site).  The watcher is one thread,
 * exempt from then on (its own calls never pause).  Only the threads named by sysfault_pause_thread
 * wait, with the threads they start from then on: not the JVM's own, say, whose calls the watcher's
 * stack walk may need to end.  Without a watcher, or in a forked child, or
 * with more than 32 calls waiting at once, a PAUSE rule's call goes on at once; none waits longer than
 * 10 s (a watcher that itself waits for the paused thread, as a JVM's stack walk may, cannot hang it).
 */
struct sysfault_paused_call {
	long tid;    /* the thread that made the call */
	long nr;     /* the syscall number */
	long arg0;   /* its first argument (the descriptor, for calls on one) */
};

/* on != 0: the calling thread becomes the watcher (-1: the process has one already); 0: it stops
 * watching and every call still waiting goes on. */
int sysfault_watch_paused_calls(int on);

/* Calls of thread tid (and of the threads it starts) wait from now on, until the watcher stops;
 * 0, or -1 when 256 threads are named already. */
int sysfault_pause_thread(long tid);

/* Waits up to timeout_ms for a paused call and returns its slot (0..31) with the call in *call, or
 * -1 when none came.  The call waits until sysfault_release_paused_call(slot). */
int sysfault_next_paused_call(struct sysfault_paused_call *call, int timeout_ms);

/* Lets the call in slot go on. */
void sysfault_release_paused_call(int slot);

#ifdef __cplusplus
}
#endif

#endif
