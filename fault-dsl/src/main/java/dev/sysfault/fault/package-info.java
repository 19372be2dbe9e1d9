// The fault language: from a SPEC or the DSL to the rule table that libsysfault.so reads.
/**
 * The fault and rule-table steps of sysfault's data path. A {@link dev.sysfault.fault.Fault} is written with the
 * DSL ({@code Fault.on("fsync").fail(Errno.EIO)}) or parsed from strace's {@code --inject} SPEC text, checked
 * against the syscall, errno and signal tables of x86-64 Linux, and compiled with the others of a test or run into
 * a {@link dev.sysfault.fault.RuleTable}: the bytes of {@code docs/rule-table.md} that the interceptor's rule engine
 * reads, and whose counters say how often each rule matched and fired. API: {@code Fault}, {@code Errno},
 * {@code Syscall} and {@code SyscallTable}, {@code SyscallClass}, {@code SyscallErrnos}, {@code When},
 * {@code ArgOp}, {@code FaultSpecException}, the rule table ({@code RuleTable}, {@code Rule}, {@code RuleCounters},
 * {@code InvalidRuleTableException}), and the words a fault is written in ({@code Vocabulary}, {@code Setting},
 * {@code SettingText}), through which the annotation reads its elements into a fault. The errno and signal tables'
 * readers and the quoting of user input are in {@code dev.sysfault.fault.internal}. Depends on nothing but the JDK.
 */
package dev.sysfault.fault;
