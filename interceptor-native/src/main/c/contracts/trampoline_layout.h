/* The byte layout of a site's trampoline: where the dispatcher's next step lands in it.
 *
 * Shared by the code that emits it (patcher/trampoline.c), the C dispatcher that chooses where
 * it continues (hook/dispatch.c), the assembly entry (hook/entry.S) and the SIGSYS handler of
 * Syscall User Dispatch, which takes a trampoline's part for calls from unpatched sites
 * (hook/sud_entry.c).
 *
 * A patched syscall site jumps here:
 *
 *   site:  [relocated instructions that preceded the syscall]      (relocate style only)
 *          lea  -128(%rsp),%rsp         step over the caller's red zone
 *          lea  site_addr(%rip),%r11    which syscall instruction this is
 *          call *entry_slot(%rip)       sysfault_entry: dispatch, returns %rcx = R + next step
 *   R+0:   lea  128(%rsp),%rsp          %rsp is exactly the caller's again
 *   R+8:   jmp  *%rcx
 *   R+10:  syscall; jmp DONE                         NEXT_SYSCALL
 *   R+14:  syscall; mov $56,%r11d;  jmp POST         NEXT_POST_CLONE
 *   R+24:  syscall; mov $57,%r11d;  jmp POST         NEXT_POST_FORK
 *   R+34:  syscall; mov $58,%r11d;  jmp POST         NEXT_POST_VFORK
 *   R+44:  syscall; mov $435,%r11d; jmp POST         NEXT_POST_CLONE3
 *   R+54:  POST: lea -128(%rsp),%rsp; call *exit_slot(%rip); lea 128(%rsp),%rsp
 *   R+73:  DONE: [relocated instructions that followed the syscall]  NEXT_DONE (answered calls land here)
 *          jmp  back to the first byte after the patched bytes
 *
 * The real syscall instruction runs here, in the trampoline, with every
 * register and %rsp exactly as the caller left them: clone with a new stack,
 * vfork and rt_sigreturn depend on that.  A clone child resumes right after
 * its syscall instruction, on its own stack, and continues from there.  The
 * syscall clobbers %rcx and %r11, so the trampoline may too.
 */
#ifndef SYSFAULT_TRAMPOLINE_LAYOUT_H
#define SYSFAULT_TRAMPOLINE_LAYOUT_H

#define NEXT_SYSCALL      10
#define NEXT_POST_CLONE   14
#define NEXT_POST_FORK    24
#define NEXT_POST_VFORK   34
#define NEXT_POST_CLONE3  44
#define NEXT_POST_CALL    54
#define NEXT_DONE         73

/*
 * The two pointers at the start of every trampoline area.  They differ from
 * process to process, so they have the first page to themselves and the
 * sites' code (the same in every process) starts on the second.
 */
#define TRAMPOLINE_ENTRY_SLOT 0
#define TRAMPOLINE_EXIT_SLOT  8
#define TRAMPOLINE_FIRST_SITE 4096

#endif
