/* The rule engine on the hook path: which rule takes a call, whether it fires, and what it does. */
#ifndef SYSFAULT_RULES_H
#define SYSFAULT_RULES_H

#include "frame.h"
#include "rules_state.h"

/*
 * Finds the first rule of table t that matches the call, counts the call for
 * it and returns its index (-1: none); *fire tells whether it fires now.
 * Only for 0 <= nr < 512.
 */
int sysfault_rules_pick(const struct loaded_rules *t, const struct syscall_frame *f, int *fire);

/*
 * What a fired rule makes of a call.  The engine says what happens to the call; where the
 * trampoline continues for that is the dispatcher's business (dispatch.c), so that the rules
 * know nothing of the trampoline's layout.
 */
enum rule_outcome_kind {
	RULE_ANSWERED,   /* the call is over: result is what the program sees */
	RULE_RUN_CALL,   /* the call itself still runs, with the caller's registers (call_kinds.h) */
};

struct rule_outcome {
	long result;     /* RULE_ANSWERED only */
	enum rule_outcome_kind kind;
};

/* Does the fired rule hold the call up (a delay) or may it end the thread (a signal)?  Then the call is
 * recorded before it acts, so that a hung or killed program's trace shows the call it was in. */
static inline int
sysfault_rule_holds_call(const struct loaded_rules *t, int rule)
{
	return (t->rules[rule].flags & (RULE_DELAY_ENTER | RULE_DELAY_EXIT | RULE_SIGNAL)) != 0;
}

/* Does the fired rule change what the call does?  A PAUSE rule alone only holds it up for the
 * watcher: its calls are not injected faults. */
static inline int
sysfault_rule_injects(const struct loaded_rules *t, int rule)
{
	return (t->rules[rule].flags & (RULE_ACTION_FLAGS & ~(uint32_t)RULE_PAUSE)) != 0;
}

/* Carries out a fired rule of t for the call: delays, the result or the (shortened) call, the signal. */
struct rule_outcome sysfault_rules_act(const struct loaded_rules *t, int rule, struct syscall_frame *f);

/* In a new process (not a thread, not sharing memory): counting starts again, as under strace,
 * for the table in force (the one the parent had when it forked). */
void sysfault_rules_new_process(void);

#endif
