/* The saved registers of one intercepted system call, as entry.S lays them out on the stack. */
#ifndef SYSFAULT_FRAME_H
#define SYSFAULT_FRAME_H

struct syscall_frame {
	long nr;                 /* 0:  %rax on entry */
	long args[6];            /* 8:  %rdi %rsi %rdx %r10 %r8 %r9 */
	unsigned long site;      /* 56: address of the patched syscall instruction */
	unsigned long saved_rsp; /* 64: %rsp of the trampoline's call */
	long result;             /* 72: %rax after the call (exit path only) */
};

/* What the trampoline does next: value goes to %rax, offset picks the step (trampoline_layout.h). */
struct next_step {
	long value;
	long offset;
};

struct next_step sysfault_dispatch_enter(struct syscall_frame *f);
long sysfault_dispatch_exit(struct syscall_frame *f);

/* Calls fn(args[0] .. args[7]) with %xmm0-15 preserved around it (entry.S). */
long sysfault_call_preserving_vectors(void *fn, const long args[8]);

/* The assembly entry points that trampolines call through their slots (entry.S). */
void sysfault_entry(void);
void sysfault_exit(void);

long sysfault_raw_syscall(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

#endif
