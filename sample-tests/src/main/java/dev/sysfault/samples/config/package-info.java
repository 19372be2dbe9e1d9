// Sample code under test: a configuration loader.
/**
 * Reads a properties file and falls back to the defaults when there is none; its tests check what happens when the
 * file cannot be opened or read. Knows nothing of sysfault: its tests, in {@code src/test}, make its system calls
 * fail.
 */
package dev.sysfault.samples.config;
