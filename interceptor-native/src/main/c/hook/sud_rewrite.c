/* Rewrites a syscall site that Syscall User Dispatch caught into a jump to its trampoline, with one 2-byte store.
 *
 * Runs in the SIGSYS handler: raw syscalls only, nothing waited for.  The plan (which sites, which
 * padding, the trampolines) was made at start-up (patcher/caught_sites.c); here the padding gets
 * its 5-byte jump, every CPU running this process serializes (membarrier SYNC_CORE), and only
 * then the site's `0f 05` becomes `eb XX` in one store, so that a thread fetches either the old
 * instruction (it is caught again and runs through the handler, as before) or the new one, whose
 * target is already in place everywhere.  docs/syscall-user-dispatch.md gives the reasoning.
 */
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "frame.h"
#include "sud_rewrite.h"
#include "sud_loaded_later.h"

#define PAGE 4096UL
#define JMP_REL8 0xeb
#define JMP_REL32 0xe9
#define SIG_SETMASK_ 2
#define MEMBARRIER_SYNC_CORE 32             /* MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE */
#define MEMBARRIER_REGISTER_SYNC_CORE 64    /* MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE */
#define EPERM_ 1

struct rewritable_site sysfault_rewritable_sites[REWRITABLE_SITES_MAX];
size_t sysfault_rewritable_count;
int sysfault_rewrite_debug;
int sysfault_rewrite_stopped;

/*
 * 1 while a thread writes text.  Two rewrites at once could undo each other's mprotect (one makes
 * the page executable only, the other's store then faults), so one runs at a time; the others do
 * not wait: their call goes through the handler as before and a later call from their site
 * rewrites it.  Never waited on, so never found held by anyone who must wait.
 */
static int rewriting;

struct rewritable_site *
sysfault_rewritable_find(struct rewritable_site *sites, size_t n, unsigned long site)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sites[mid].site < site)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sites[lo].site == site ? &sites[lo] : NULL;
}

static int
same_bytes(const volatile uint8_t *at, const uint8_t *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (at[i] != want[i])
			return 0;
	return 1;
}

/* Every CPU that runs a thread of this process drops what it fetched before (Linux 4.16+). */
static int
serialize_every_cpu(void)
{
	long r = sysfault_raw_syscall(SYS_membarrier, MEMBARRIER_SYNC_CORE, 0, 0, 0, 0, 0);
	if (r == -EPERM_) {   /* not registered yet: the first rewrite of this process (a fork child's too) */
		sysfault_raw_syscall(SYS_membarrier, MEMBARRIER_REGISTER_SYNC_CORE, 0, 0, 0, 0, 0);
		r = sysfault_raw_syscall(SYS_membarrier, MEMBARRIER_SYNC_CORE, 0, 0, 0, 0, 0);
	}
	return r == 0;
}

/* One `movw`: x86 makes a 2-byte store that stays inside one cache line atomic (Intel SDM vol. 3, "Guaranteed Atomic Operations"). */
static void
store_two_bytes(volatile uint8_t *at, const uint8_t b[2])
{
	uint16_t v = (uint16_t)(b[0] | (b[1] << 8));
	__asm__ volatile("movw %1, (%0)" : : "r"(at), "r"(v) : "memory");
}

static enum rewrite_state
rewrite(const struct rewritable_site *s)
{
	volatile uint8_t *site = (volatile uint8_t *)s->site, *pad = (volatile uint8_t *)s->pad;
	int32_t rel = (int32_t)(int64_t)(s->trampoline - (s->pad + 5));
	uint8_t jump[5] = { JMP_REL32, (uint8_t)rel, (uint8_t)(rel >> 8), (uint8_t)(rel >> 16), (uint8_t)(rel >> 24) };
	uint8_t short_jump[2] = { JMP_REL8, (uint8_t)(int8_t)(int64_t)(s->pad - (s->site + 2)) };
	static const uint8_t syscall_insn[2] = { 0x0f, 0x05 };

	if (same_bytes(site, short_jump, 2) && same_bytes(pad, jump, 5))
		return SITE_REWRITTEN;   /* a fork child of a parent that was rewriting it */
	/* The program may have changed its own text since start-up: then it is not ours to touch. */
	if (!same_bytes(site, syscall_insn, 2) || !(same_bytes(pad, s->pad_before, 5) || same_bytes(pad, jump, 5)))
		return SITE_LEFT;
	unsigned long lo = (s->site < s->pad ? s->site : s->pad) & ~(PAGE - 1);
	unsigned long end = s->site + 2 > s->pad + 5 ? s->site + 2 : s->pad + 5;
	unsigned long len = ((end + PAGE - 1) & ~(PAGE - 1)) - lo;
	/* Still executable while writable: a thread running this page meanwhile never faults. */
	if (sysfault_raw_syscall(SYS_mprotect, (long)lo, (long)len, PROT_READ | PROT_WRITE | PROT_EXEC, 0, 0, 0) != 0)
		return SITE_LEFT;   /* W+X refused (SELinux execmem, MemoryDenyWriteExecute): the signal path stays */
	for (int i = 0; i < 5; i++)
		pad[i] = jump[i];
	enum rewrite_state done = SITE_LEFT;
	if (serialize_every_cpu()) {
		store_two_bytes(site, short_jump);
		done = SITE_REWRITTEN;
	}
	sysfault_raw_syscall(SYS_mprotect, (long)lo, (long)len, PROT_READ | PROT_EXEC, 0, 0, 0);
	return done;
}

static char *
put_text(char *at, const char *end, const char *s)
{
	while (*s != '\0' && at < end)
		*at++ = *s++;
	return at;
}

static char *
put_hex(char *at, const char *end, uint64_t v)
{
	char digits[16];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v != 0);
	at = put_text(at, end, "0x");
	while (n > 0 && at < end)
		*at++ = digits[--n];
	return at;
}

static void
say_rewritten(const struct rewritable_site *s)
{
	char line[256], *at = line;
	const char *end = line + sizeof(line) - 1;
	at = put_text(at, end, "sysfault: ");
	at = put_text(at, end, s->object);
	at = put_text(at, end, "+");
	at = put_hex(at, end, s->site - s->object_base);
	at = put_text(at, end, ": caught by Syscall User Dispatch, rewritten to jump to its trampoline (padding at +");
	at = put_hex(at, end, s->pad - s->object_base);
	at = put_text(at, end, ")");
	*at++ = '\n';
	sysfault_raw_syscall(SYS_write, 2, (long)line, at - line, 0, 0, 0);
}

void
sysfault_sud_rewrite(unsigned long site)
{
	if (__atomic_load_n(&sysfault_rewrite_stopped, __ATOMIC_RELAXED))
		return;
	size_t n = __atomic_load_n(&sysfault_rewritable_count, __ATOMIC_ACQUIRE);
	struct rewritable_site *s = sysfault_rewritable_find(sysfault_rewritable_sites, n, site);
	if (s == NULL)   /* an object that dlopen loaded after start-up */
		s = sysfault_later_site(site);
	if (s == NULL || __atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != SITE_WAITING)
		return;
	int idle = 0;
	if (!__atomic_compare_exchange_n(&rewriting, &idle, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		return;
	/* No handler of the program's may run (and perhaps never return) while the page is writable. */
	unsigned long all = ~0UL, before;
	sysfault_raw_syscall(SYS_rt_sigprocmask, SIG_SETMASK_, (long)&all, (long)&before, 8, 0, 0);
	enum rewrite_state now = SITE_LEFT;
	/* Read again now that rewriting is ours: a dlclose holds its objects' sites before it waits for it to be free. */
	if (__atomic_load_n(&s->state, __ATOMIC_SEQ_CST) == SITE_WAITING) {
		now = rewrite(s);
		__atomic_store_n(&s->state, (uint8_t)now, __ATOMIC_RELEASE);
	}
	sysfault_raw_syscall(SYS_rt_sigprocmask, SIG_SETMASK_, (long)&before, 0, 8, 0, 0);
	__atomic_store_n(&rewriting, 0, __ATOMIC_RELEASE);
	if (now == SITE_REWRITTEN && sysfault_rewrite_debug)
		say_rewritten(s);
}

void
sysfault_sud_rewrite_settle(void)
{
	while (__atomic_load_n(&rewriting, __ATOMIC_SEQ_CST) != 0)
		sysfault_raw_syscall(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

void
sysfault_sud_rewrite_new_process(void)
{
	__atomic_store_n(&rewriting, 0, __ATOMIC_RELAXED);
}
