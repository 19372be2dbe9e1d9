// Sample code under test: a directory walker.
/**
 * Lists every file under a directory and reports what it could not read; its tests make getdents64 fail. Knows
 * nothing of sysfault: its tests, in {@code src/test}, make its system calls fail.
 */
package dev.sysfault.samples.walk;
