/* Every check of docs/rule-table.md on a table's bytes. */
#ifndef SYSFAULT_RULE_CHECK_H
#define SYSFAULT_RULE_CHECK_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every check of docs/rule-table.md's "Checks before anything runs", on len bytes (the whole
 * file, counters included; they are not read).  0 when the table is sound; otherwise -1 with the
 * first problem in msg, e.g. "rule 3 (offset 1568): FAIL and RETVAL both set; ...".  Reads only
 * bytes[0, len), needs no alignment, allocates nothing, does no I/O: any input is safe.
 */
int rule_table_check(const uint8_t *bytes, size_t len, char *msg, size_t msglen);

/* The first of those checks, on the file's length alone (before reading it): 0, or -1 with why in msg. */
int rule_table_check_size(uint64_t len, char *msg, size_t msglen);

#endif
