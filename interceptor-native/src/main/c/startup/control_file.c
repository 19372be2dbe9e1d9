/* Mapping SYSFAULT_CONTROL at start-up, so that Java can swap a running program's rules (docs/control-file.md). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include "control_file.h"
#include "contracts/control_format.h"
#include "control/rules_follow.h"
#include "hook/rules_state.h"
#include "raw_io/raw_io.h"
#include "raw_io/report.h"

static void give_up(const char *path, const char *what, long err)
{
	char shown[REPORT_PATH_MAX];
	if (err != 0)
		report("sysfault: control file %s: %s: %s (errno %ld)", report_path(path, shown), what, strerror((int)-err),
		       -err);
	else
		report("sysfault: control file %s: %s", report_path(path, shown), what);
	exit(SYSFAULT_EXIT_STRICT);
}

void control_file_setup(void)
{
	const char *path = getenv("SYSFAULT_CONTROL");
	if (path == NULL || path[0] == '\0')
		return;
	long fd = raw_open(path, O_RDONLY | O_NOFOLLOW, 0);
	if (fd < 0)
		give_up(path, "cannot open it for reading", fd);
	struct stat st;
	long r = raw_fstat(fd, &st);
	if (r < 0)
		give_up(path, "cannot stat it", r);
	if (!S_ISREG(st.st_mode) || st.st_size < CONTROL_FILE_SIZE)
		give_up(path, "is not a regular file of at least 64 bytes; Java's launcher writes it", 0);
	long map = sysfault_raw_syscall(SYS_mmap, 0, CONTROL_FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	raw_close(fd);
	if ((unsigned long)map > -4096ul)
		give_up(path, "cannot map it shared", map);
	const uint8_t *bytes = (const uint8_t *)map;
	if (memcmp(bytes, CONTROL_MAGIC, 8) != 0)
		give_up(path, "magic is not \"SFCTRL\" and two zero bytes; not a sysfault control file", 0);
	if ((bytes[CONTROL_VERSION_OFFSET] | bytes[CONTROL_VERSION_OFFSET + 1] << 8) != CONTROL_VERSION)
		give_up(path, "version is not 1, the one this library reads", 0);

	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t dir_length = slash == NULL ? 1 : (size_t)(slash - path);
	if (dir_length >= sizeof(dir))
		give_up(path, "its directory's path is too long", 0);
	memcpy(dir, slash == NULL ? "." : path, dir_length);
	dir[dir_length] = '\0';
	if (rules_follow_in(dir) != 0)
		give_up(path, "its directory's path is too long", 0);

	/* From now on the clone family comes back through sysfault_exit, so that a forked child can reset the
	 * loader's guard even before the first table is swapped in. */
	__atomic_store_n(&sysfault_rules_ever_used, 1, __ATOMIC_RELAXED);
	sysfault_rules_follow = rules_follow;
	const uint64_t *generation = (const uint64_t *)(bytes + CONTROL_GENERATION_OFFSET);
	__atomic_store_n(&sysfault_control_generation, generation, __ATOMIC_RELEASE);
	uint64_t now = __atomic_load_n(generation, __ATOMIC_ACQUIRE);
	if (now != 0)
		rules_follow(now);
}
