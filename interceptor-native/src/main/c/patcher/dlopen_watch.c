/* The program's dlopen, dlmopen and dlclose, passed on to the real ones, so that objects loaded after start-up get their caught sites planned.
 *
 * libsysfault.so is preloaded, so its definitions come first for every caller that goes through
 * the PLT: the program, its libraries, a JVM's System.load.  glibc's own loads (NSS modules,
 * iconv, libgcc_s) do not come here; their objects are planned at the next dlopen or dlclose
 * that does.  LD_AUDIT's la_objopen would see those too, but it needs one more environment
 * variable in every process and runs in a namespace of its own, with its own copy of this
 * library (docs/syscall-user-dispatch.md).
 */
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <string.h>
#include "loaded_later.h"
#include "loaded_libs.h"
#include "raw_io/report.h"

enum { DLOPEN, DLMOPEN, DLCLOSE };
static const char *const names[] = { "dlopen", "dlmopen", "dlclose" };
static void *real[3];

struct search {
	const char *name;
	int past_us;      /* 1 once libsysfault.so was passed: RTLD_NEXT's order */
	int anywhere;     /* 0: only after us; 1: any object but us (when we were dlopen'ed, not preloaded) */
	void *found;
};

static uint32_t
gnu_hash(const char *s)
{
	uint32_t h = 5381;
	for (; *s != '\0'; s++)
		h = h * 33 + (uint8_t)*s;
	return h;
}

/* name's definition (a function) in the object's dynamic symbol table, through its GNU hash table; NULL if none. */
static void *
defined_in(const struct dl_phdr_info *info, const char *name)
{
	const ElfW(Dyn) *dyn = NULL;
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
			dyn = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
	const ElfW(Sym) *symtab = NULL;
	const char *strtab = NULL;
	const uint32_t *table = NULL;
	for (; dyn != NULL && dyn->d_tag != DT_NULL; dyn++) {
		/* The loader made these absolute in every object it relocated; the vDSO's stay relative. */
		uintptr_t at = dyn->d_un.d_ptr < info->dlpi_addr ? info->dlpi_addr + dyn->d_un.d_ptr : dyn->d_un.d_ptr;
		if (dyn->d_tag == DT_SYMTAB)
			symtab = (const ElfW(Sym) *)at;
		else if (dyn->d_tag == DT_STRTAB)
			strtab = (const char *)at;
		else if (dyn->d_tag == DT_GNU_HASH)
			table = (const uint32_t *)at;
	}
	if (symtab == NULL || strtab == NULL || table == NULL)
		return NULL;
	uint32_t nbuckets = table[0], first = table[1], bloom_words = table[2];
	const uint32_t *buckets = (const uint32_t *)((const ElfW(Addr) *)(table + 4) + bloom_words);
	const uint32_t *chain = buckets + nbuckets;
	uint32_t h = gnu_hash(name);
	for (uint32_t i = buckets[h % nbuckets]; i >= first; i++) {
		uint32_t here = chain[i - first];
		const ElfW(Sym) *sym = &symtab[i];
		if ((here | 1) == (h | 1) && strcmp(strtab + sym->st_name, name) == 0 && sym->st_shndx != SHN_UNDEF &&
		    ELF64_ST_TYPE(sym->st_info) == STT_FUNC)
			return (void *)(info->dlpi_addr + sym->st_value);
		if (here & 1)
			break;
	}
	return NULL;
}

static int
look(struct dl_phdr_info *info, size_t size, void *data)
{
	struct search *s = data;
	(void)size;
	if (is_libsysfault(info)) {
		s->past_us = 1;
		return 0;
	}
	if (!s->past_us && !s->anywhere)
		return 0;
	s->found = defined_in(info, s->name);
	return s->found != NULL;
}

/* What dlsym(RTLD_NEXT, name) finds, without dlsym: glibc < 2.34 has it in libdl, which we do not link. */
static void *
real_function(int which)
{
	void *f = __atomic_load_n(&real[which], __ATOMIC_ACQUIRE);
	if (f != NULL)
		return f;
	struct search s = { .name = names[which] };
	dl_iterate_phdr(look, &s);
	if (s.found == NULL) {
		s.anywhere = 1;
		dl_iterate_phdr(look, &s);
	}
	__atomic_store_n(&real[which], s.found, __ATOMIC_RELEASE);
	return s.found;
}

static void *
no_loader(void)
{
	report("sysfault: no dlopen, dlmopen or dlclose is loaded after libsysfault.so to pass the call to");
	return NULL;
}

static void *
opened_and_planned(const char *file, int mode)
{
	void *handle = ((void *(*)(const char *, int))real[DLOPEN])(file, mode);
	int was = errno;
	loaded_later_opened();
	errno = was;
	return handle;
}

static void *
mopened_and_planned(Lmid_t lmid, const char *file, int mode)
{
	void *handle = ((void *(*)(Lmid_t, const char *, int))real[DLMOPEN])(lmid, file, mode);
	int was = errno;
	loaded_later_opened();
	errno = was;
	return handle;
}

/*
 * From dlopen_entry.S: the function that takes a dlopen (which 0) or dlmopen (1) of file.  A name
 * without '/', or with '$', means something only from the caller's object: the real function
 * takes it directly, and its objects are planned at the next call that comes through here.
 */
__attribute__((visibility("hidden"))) void *
sysfault_dlopen_route(const char *file, int which)
{
	void *f = real_function(which == 0 ? DLOPEN : DLMOPEN);
	if (f == NULL)
		return (void *)no_loader;
	if (file == NULL || strchr(file, '/') == NULL || strchr(file, '$') != NULL)
		return f;
	return which == 0 ? (void *)opened_and_planned : (void *)mopened_and_planned;
}

__attribute__((visibility("default"))) int
dlclose(void *handle)
{
	int (*f)(void *) = (int (*)(void *))real_function(DLCLOSE);
	if (f == NULL)
		return (int)(long)no_loader() - 1;
	int was = errno;
	loaded_later_closing();
	errno = was;
	int r = f(handle);
	was = errno;
	loaded_later_closed();
	errno = was;
	return r;
}
