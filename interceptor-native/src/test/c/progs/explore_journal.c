/*
 * explore_journal VARIANT INPUT JOURNAL: copies INPUT's lines into JOURNAL, one record at a time,
 * fsyncing each and printing "committed: LINE" once it is durable, then "done: N records".  The
 * target of fault exploration's tests.  VARIANT "correct" handles every failure (a message on
 * stderr, exit 1; EINTR and short transfers retried); the others each carry one classic bug:
 *   swallow-fsync     stops at a failed fsync and still reports success (exit 0)      -> silent
 *   retry-read-error  retries every failed read, not only EINTR                      -> hang
 *   unchecked-open    uses the input's FILE * without checking that fopen worked     -> crash
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *variant;

static int
is(const char *name)
{
	return strcmp(variant, name) == 0;
}

static void
fail(const char *what)
{
	fprintf(stderr, "explore_journal: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
write_all(int fd, const char *p, size_t n, const char *what)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			fail(what);
		p += w;
		n -= (size_t)w;
	}
}

static int
open_input(const char *path)
{
	if (is("unchecked-open"))
		return fileno(fopen(path, "r"));   /* the bug: fopen may return NULL */
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		fail(path);
	return fd;
}

/* The whole input, in a buffer of at most 64 KiB. */
static size_t
read_input(int fd, char *buf, size_t size)
{
	size_t used = 0;
	for (;;) {
		ssize_t r = read(fd, buf + used, size - used);
		if (r < 0 && (errno == EINTR || is("retry-read-error")))
			continue;   /* the bug, for retry-read-error: EIO does not go away */
		if (r < 0)
			fail("reading the input");
		if (r == 0 || (used += (size_t)r) == size)
			return used;
	}
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: explore_journal correct|swallow-fsync|retry-read-error|unchecked-open INPUT JOURNAL\n");
		return 2;
	}
	variant = argv[1];
	static char input[65536];
	int in = open_input(argv[2]);
	size_t size = read_input(in, input, sizeof(input));
	if (close(in) != 0)
		fail("closing the input");
	int journal = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (journal < 0)
		fail(argv[3]);
	int records = 0;
	for (char *line = input, *end; line < input + size; line = end + 1) {
		end = memchr(line, '\n', (size_t)(input + size - line));
		if (end == NULL)
			end = input + size;
		write_all(journal, line, (size_t)(end - line), "writing the journal");
		write_all(journal, "\n", 1, "writing the journal");
		if (fsync(journal) != 0) {
			if (is("swallow-fsync"))
				break;   /* the bug: the record is not durable, and nobody is told */
			fail("syncing the journal");
		}
		records++;
		char shown[256];
		int n = snprintf(shown, sizeof(shown), "committed: %.*s\n", (int)(end - line < 200 ? end - line : 200), line);
		write_all(1, shown, (size_t)n, "writing stdout");
	}
	if (close(journal) != 0)
		fail("closing the journal");
	char done[64];
	int n = snprintf(done, sizeof(done), "done: %d records\n", records);
	write_all(1, done, (size_t)n, "writing stdout");
	return 0;
}
