// Sample code under test: a file copier.
/**
 * Copies through a buffer and copes with short writes; its tests make write return fewer bytes than offered. Knows
 * nothing of sysfault: its tests, in {@code src/test}, make its system calls fail.
 */
package dev.sysfault.samples.copy;
