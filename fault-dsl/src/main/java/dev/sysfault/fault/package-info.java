// The fault language: from a SPEC or the DSL to the rule table that libsysfault.so reads.
/**
 * The fault and rule-table steps of sysfault's data path. A {@link dev.sysfault.fault.Fault} is written with the
 * DSL ({@code Fault.on("fsync").fail(Errno.EIO)}) or parsed from strace's {@code --inject} SPEC text, checked
 * against the syscall, errno and signal tables of x86-64 Linux, and compiled with the others of a test or run into
 * a {@link dev.sysfault.fault.RuleTable}: the bytes of {@code docs/rule-table.md} that the interceptor's rule engine
 * reads, and whose counters say how often each rule matched and fired. API: {@code Fault}, {@code Errno},
 * {@code Syscall}, {@code SyscallClass}, {@code When}, {@code ArgOp}, {@code FaultSpecException}; the tables, the
 * parser's input ({@code UserInput}) and the rule table with its counters are public for sysfault's other modules.
 * Depends on nothing but the JDK.
 */
package dev.sysfault.fault;
