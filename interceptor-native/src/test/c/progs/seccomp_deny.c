/*
 * seccomp_deny WHAT PROGRAM [ARGS...]: runs PROGRAM under a seccomp filter that answers one kind
 * of call with EPERM, as a locked-down sandbox would:
 *
 *   text-writes  mprotect that makes memory writable: libsysfault.so cannot patch glibc
 *   vm-readv     process_vm_readv, as Docker's default profile does for a container without
 *                CAP_SYS_PTRACE: the interceptor must read path arguments another way
 *   pidfd-open   pidfd_open, as a profile older than Linux 5.3 does: sysfault-supervisor must watch
 *                its JVM another way
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define REFUSE BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM)
/* any other architecture's calls pass; then the call's number is loaded */
#define X86_64_CALL_NUMBER \
	LOAD(arch), BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0), ALLOW, LOAD(nr)

int
main(int argc, char **argv)
{
	struct sock_filter text_writes[] = {
		X86_64_CALL_NUMBER,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 1, 0),
		ALLOW,
		LOAD(args[2]),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_WRITE, 0, 1),
		REFUSE,
		ALLOW,
	};
	struct sock_filter vm_readv[] = {
		X86_64_CALL_NUMBER,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_process_vm_readv, 0, 1),
		REFUSE,
		ALLOW,
	};
	struct sock_filter pidfd_open[] = {
		X86_64_CALL_NUMBER,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_open, 0, 1),
		REFUSE,
		ALLOW,
	};
	struct sock_fprog prog;
	if (argc >= 3 && strcmp(argv[1], "text-writes") == 0) {
		prog = (struct sock_fprog){ sizeof(text_writes) / sizeof(text_writes[0]), text_writes };
	} else if (argc >= 3 && strcmp(argv[1], "vm-readv") == 0) {
		prog = (struct sock_fprog){ sizeof(vm_readv) / sizeof(vm_readv[0]), vm_readv };
	} else if (argc >= 3 && strcmp(argv[1], "pidfd-open") == 0) {
		prog = (struct sock_fprog){ sizeof(pidfd_open) / sizeof(pidfd_open[0]), pidfd_open };
	} else {
		fprintf(stderr, "usage: seccomp_deny text-writes|vm-readv|pidfd-open PROGRAM [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		fprintf(stderr, "seccomp_deny: cannot install the seccomp filter: %s\n", strerror(errno));
		return 2;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "seccomp_deny: cannot run %s: %s\n", argv[2], strerror(errno));
	return 127;
}
