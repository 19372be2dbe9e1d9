/* Finds the loaded objects whose syscall instructions get patched (glibc's, or all with INTERCEPT_ALL_OBJS), with their text, unwind table and build-id. */
#include <elf.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>
#include "loaded_libs.h"
#include "raw_io/report.h"

struct search {
	struct loaded_lib *libs;
	size_t n;
	int all_objects;
	int debug;
};

uint8_t sysfault_own_build_id[20];

static const char *const patched_names[] = { "libc.so.6", "libpthread.so.0" };

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static void
read_build_id(struct loaded_lib *lib, const uint8_t *note, size_t size)
{
	const uint8_t *end = note + size;
	while (note + sizeof(Elf64_Nhdr) <= end) {
		const Elf64_Nhdr *nh = (const Elf64_Nhdr *)note;
		const uint8_t *name = note + sizeof(*nh);
		const uint8_t *desc = name + ((nh->n_namesz + 3) & ~3u);
		if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
			size_t len = nh->n_descsz < sizeof(lib->build_id) ? nh->n_descsz : sizeof(lib->build_id);
			memcpy(lib->build_id, desc, len);
			lib->build_id_len = (uint8_t)len;
			return;
		}
		note = desc + ((nh->n_descsz + 3) & ~3u);
	}
}

int
is_libsysfault(const struct dl_phdr_info *info)
{
	uint64_t self = (uint64_t)(uintptr_t)&is_libsysfault;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		if (ph->p_type == PT_LOAD && self >= info->dlpi_addr + ph->p_vaddr &&
		    self < info->dlpi_addr + ph->p_vaddr + ph->p_memsz)
			return 1;
	}
	return 0;
}

/* Our own build-id: plans made by another build of the planner are not reused. */
static void
note_own_build_id(const struct dl_phdr_info *info)
{
	if (!is_libsysfault(info))
		return;
	struct loaded_lib me;
	memset(&me, 0, sizeof(me));
	for (int i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_NOTE)
			read_build_id(&me, (const uint8_t *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr),
			              info->dlpi_phdr[i].p_memsz);
	memcpy(sysfault_own_build_id, me.build_id, sizeof(me.build_id));
}

static int
is_glibc(const char *name)
{
	for (size_t i = 0; i < sizeof(patched_names) / sizeof(patched_names[0]); i++)
		if (strcmp(name, patched_names[i]) == 0)
			return 1;
	return 0;
}

/*
 * The program itself has no name in the loader's list: the base name of the path it was started
 * by (AT_EXECFN), as the cache names it.  Read from the auxiliary vector, as a first readlink of
 * /proc/self/exe costs a new process about 20 µs, which every start under SUD paid
 * (caught_sites.c lists the program's sites).
 */
static const char *
program_name(char *buf, size_t size)
{
	const char *started_as = (const char *)getauxval(AT_EXECFN);
	if (started_as != NULL && started_as[0] != '\0')
		return base_name(started_as);
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0)
		return "program";
	buf[n] = '\0';
	return base_name(buf);
}

/*
 * With INTERCEPT_ALL_OBJS, why an object other than glibc is left alone (NULL: it is patched).
 * Patching starts from the function bounds of the unwind table (the symbol table fills its gaps).
 */
static const char *
why_not_patched(const struct dl_phdr_info *info, const char *name, const struct search *s)
{
	if (info->dlpi_addr == getauxval(AT_SYSINFO_EHDR) || strncmp(name, "linux-vdso", 10) == 0)
		return "the vDSO belongs to the kernel";
	if (is_libsysfault(info))
		return "it is sysfault itself";
	int text = 0, unwind = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type == PT_LOAD && (info->dlpi_phdr[i].p_flags & PF_X))
			text = 1;
		if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
			unwind = 1;
	}
	if (!text)
		return "it has no code";
	if (!unwind)
		return "it has no .eh_frame_hdr, so its functions' bounds are unknown";
	if (s->n >= MAX_PATCHED_LIBS - 2)   /* glibc's two always have room */
		return "more objects are loaded than sysfault patches (" MAX_PATCHED_LIBS_TEXT ")";
	return NULL;
}

void
loaded_lib_describe(struct loaded_lib *lib, const char *name, const char *path, uint64_t load_addr,
                    const ElfW(Phdr) *phdr, size_t phnum)
{
	memset(lib, 0, sizeof(*lib));
	size_t name_len = strlen(name);
	memcpy(lib->name, name, name_len < sizeof(lib->name) - 1 ? name_len : sizeof(lib->name) - 1);
	lib->path = path;
	lib->load_addr = load_addr;
	for (size_t i = 0; i < phnum; i++) {
		const ElfW(Phdr) *ph = &phdr[i];
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_R) && lib->nreadable < MAX_READABLE) {
			lib->readable[lib->nreadable].start = ph->p_vaddr;
			lib->readable[lib->nreadable].end = ph->p_vaddr + ph->p_memsz;
			lib->nreadable++;
		}
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && lib->text_len == 0) {
			lib->text_start = ph->p_vaddr;
			lib->text_len = ph->p_memsz;
		} else if (ph->p_type == PT_GNU_EH_FRAME) {
			lib->eh_frame_hdr = (const uint8_t *)(load_addr + ph->p_vaddr);
		} else if (ph->p_type == PT_NOTE) {
			read_build_id(lib, (const uint8_t *)(load_addr + ph->p_vaddr), ph->p_memsz);
		}
	}
}

static int
visit(struct dl_phdr_info *info, size_t size, void *data)
{
	struct search *s = data;
	char exe[4096];
	(void)size;
	note_own_build_id(info);
	if (info->dlpi_name == NULL)
		return 0;
	const char *name = info->dlpi_name[0] == '\0' && s->all_objects ? program_name(exe, sizeof(exe))
	                                                                 : base_name(info->dlpi_name);
	if (!is_glibc(name)) {
		if (!s->all_objects)
			return 0;
		const char *why = why_not_patched(info, name, s);
		if (why != NULL) {
			if (s->debug)
				report("sysfault: INTERCEPT_ALL_OBJS: %s not patched: %s", name, why);
			return 0;
		}
	} else if (s->n == MAX_PATCHED_LIBS) {
		return 0;
	}

	struct loaded_lib lib;
	loaded_lib_describe(&lib, name, info->dlpi_name[0] != '\0' ? info->dlpi_name : "/proc/self/exe", info->dlpi_addr,
	                    info->dlpi_phdr, info->dlpi_phnum);
	if (lib.text_len == 0)
		return 0;
	/* libc first: it is the one that must be there. */
	if (strcmp(name, "libc.so.6") == 0 && s->n > 0) {
		s->libs[s->n] = s->libs[0];
		s->libs[0] = lib;
	} else {
		s->libs[s->n] = lib;
	}
	s->n++;
	return 0;
}

size_t
find_patchable_libs(struct loaded_lib libs[MAX_PATCHED_LIBS], int all_objects, int debug)
{
	struct search s = { .libs = libs, .n = 0, .all_objects = all_objects, .debug = debug };
	dl_iterate_phdr(visit, &s);
	return s.n;
}
