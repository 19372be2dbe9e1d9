// Sample code under test: a write-ahead log.
/**
 * Checksummed records appended to one file, durable once commit() returns; its tests make fsync fail. Knows nothing
 * of sysfault: its tests, in {@code src/test}, make its system calls fail.
 */
package dev.sysfault.samples.wal;
