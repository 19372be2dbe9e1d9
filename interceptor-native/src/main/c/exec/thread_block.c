/* The pool of per-thread blocks (thread_block.h): mapped at start-up, claimed by each new thread without a lock. */
#include <elf.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "hook/frame.h"
#include "thread_block.h"

#define ARCH_SET_GS_ 0x1001
#define ESRCH_ 3
/* Threads alive at once; the pool is reserved, not committed (MAP_NORESERVE), so unused blocks cost no memory. */
#define MAX_THREADS 4096
/* Each block's dispatch stack (thread_block.h): what Go gives a signal handler, twice, as program handlers may run on it. */
#define DISPATCH_STACK (64 * 1024UL)
/* Between a block's head and its stack: a stack that overflows (a program's deep signal handler) faults
 * there, loudly, instead of overwriting the thread's own state and then the previous block. */
#define GUARD_SIZE 4096UL

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));

static char *pool;
static unsigned long block_size, tls_offset;   /* the thread pointer is tls_offset into a block */
static unsigned long head_size;                /* the TLS image and the struct, in whole pages; the guard and
                                                  the dispatch stack follow */
static const char *tls_image;
static unsigned long tls_image_size;

int
thread_blocks_init(char *why, size_t size)
{
	const Elf64_Ehdr *eh = &__ehdr_start;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	unsigned long align = 64, memsz = 0, bias = 0;
	/* The ELF header is the first PT_LOAD's first byte. */
	for (int i = eh->e_phnum - 1; i >= 0; i--)
		if (ph[i].p_type == PT_LOAD)
			bias = (unsigned long)eh - (ph[i].p_vaddr & ~(ph[i].p_align - 1));
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		if (ph[i].p_align > align)
			align = ph[i].p_align;
		memsz = ph[i].p_memsz;
		tls_image = (const char *)(bias + ph[i].p_vaddr);
		tls_image_size = ph[i].p_filesz;
	}
	/* The linker's TLS offsets (variant II): the image ends at the thread pointer, rounded up to its alignment. */
	tls_offset = (memsz + align - 1) & ~(align - 1);
	if (align < GUARD_SIZE)
		align = GUARD_SIZE;   /* every block's guard starts on a page */
	head_size = (tls_offset + sizeof(struct thread_block) + align - 1) & ~(align - 1);
	block_size = head_size + GUARD_SIZE + DISPATCH_STACK;
	long p = sysfault_raw_syscall(SYS_mmap, 0, (long)(block_size * MAX_THREADS), PROT_READ | PROT_WRITE,
	                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p < 0 && p > -4096) {
		const char *m = "no memory for the threads' blocks";
		size_t i = 0;
		for (; i + 1 < size && m[i] != '\0'; i++)
			why[i] = m[i];
		if (size > 0)
			why[i] = '\0';
		return -1;
	}
	pool = (char *)p;
	return 0;
}

static struct thread_block *
block_at(unsigned long i)
{
	return (struct thread_block *)(pool + i * block_size + tls_offset);
}

/* A block whose thread has gone (its tid is no longer in this process): a fork child's copies of its parent's threads, threads that exited. */
static int
owner_gone(long tid)
{
	long pid = sysfault_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	return sysfault_raw_syscall(SYS_tgkill, pid, tid, 0, 0, 0, 0) == -ESRCH_;
}

static struct thread_block *
fresh(struct thread_block *b)
{
	char *start = (char *)b - tls_offset;
	/* The stack needs no zeroes: its pages cost nothing until a call uses them. */
	for (unsigned long i = 0; i < head_size; i++)
		start[i] = i < tls_image_size ? tls_image[i] : 0;
	/* Each claim, as a fork child's blocks are its parent's copies: the call is idempotent.  Without a guard
	 * (the kernel refused) the block still works; only an overflow would go unseen, as before. */
	sysfault_raw_syscall(SYS_mprotect, (long)(start + head_size), (long)GUARD_SIZE, PROT_NONE, 0, 0, 0);
	b->self = b;
	b->dispatch_top = (unsigned long)start + block_size;
	b->tid = -1;
	return b;
}

struct thread_block *
thread_block_claim(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned long i = 0; i < MAX_THREADS; i++) {
			struct thread_block *b = block_at(i);
			long tid = __atomic_load_n(&b->tid, __ATOMIC_ACQUIRE);
			/* First pass: never-used or released blocks; the second, blocks of threads that are gone. */
			if (tid == -1 || (tid != 0 && (pass == 0 || !owner_gone(tid))))
				continue;
			if (__atomic_compare_exchange_n(&b->tid, &tid, -1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
				return fresh(b);
		}
	}
	return NULL;
}

void
thread_block_release(struct thread_block *b)
{
	__atomic_store_n(&b->tid, 0, __ATOMIC_RELEASE);
}

long
thread_block_enter(struct thread_block *b)
{
	return sysfault_raw_syscall(SYS_arch_prctl, ARCH_SET_GS_, (long)b, 0, 0, 0, 0);
}
