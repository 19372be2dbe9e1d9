/* libFuzzer target for rule_table_check: any bytes are accepted or refused with a message, never a crash or a stray read. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "contracts/rule_format.h"
#include "control/rule_check.h"

static void check(const uint8_t *data, size_t size)
{
	char msg[400];
	msg[0] = 1;
	if (rule_table_check(data, size, msg, sizeof(msg)) != 0 && memchr(msg, 0, sizeof(msg)) == NULL)
		abort();   /* a refusal always leaves a NUL-terminated message */
}

/*
 * Random mutations almost never keep the checksum right, so every input is also checked a second
 * time with its checksum repaired: that lets the fuzzer reach the per-rule checks behind it.
 */
static void check_with_repaired_checksum(const uint8_t *data, size_t size)
{
	if (size < RULES_HEADER_SIZE)
		return;
	uint32_t count, strings;
	memcpy(&count, data + 16, 4);
	memcpy(&strings, data + 20, 4);
	uint64_t end = RULES_FIRST_RULE_OFFSET + (uint64_t)RULES_RULE_SIZE * count + strings;
	if (count > RULES_MAX_RULES || end > size)
		return;
	uint8_t *copy = malloc(size);   /* exactly size bytes, so that ASan sees any read past them */
	if (copy == NULL)
		return;
	memcpy(copy, data, size);
	memset(copy + RULES_CHECKSUM_OFFSET, 0, 8);
	uint64_t sum = RULES_FNV_BASIS;
	for (uint64_t i = 0; i < end; i++)
		sum = (sum ^ copy[i]) * RULES_FNV_PRIME;
	memcpy(copy + RULES_CHECKSUM_OFFSET, &sum, 8);
	check(copy, size);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size);
	check_with_repaired_checksum(data, size);
	return 0;
}
