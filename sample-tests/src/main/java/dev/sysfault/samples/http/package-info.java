// Sample code under test: an HTTP client that retries.
/**
 * Retries a GET when connecting fails, takes too long or the server answers 5xx; its tests make connect fail. Knows
 * nothing of sysfault: its tests, in {@code src/test}, make its system calls fail.
 */
package dev.sysfault.samples.http;
