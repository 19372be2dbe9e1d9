# The benchmark (issue 2, "Performance"): `make bench` builds into $(OUT)/bench/
#   getppid_loop            ns per getppid() through glibc
#   raw_getppid_loop        the same loop with a syscall instruction of its own (Syscall User Dispatch)
#   raw_getppid_loop_static the same, linked -static: what only sysfault-exec covers
#   dlopen_getppid_loop     the same loop from libgetppid_padded.so's syscall instruction, dlopen'ed first
#   dlopen_cost LIB         µs for one dlopen of LIB (the cost of planning an object loaded after start-up)
#   new_sites [padded]      ns for the first call from each of 256 new syscall sites, and again
#                           (padded: each site a small function with padding, so each is rewritten)
#   spawn_bench             start-up time of a program, with and without LD_PRELOAD, or through sysfault-exec
#   static_true             exits 0, linked -static: the start-up that only sysfault-exec covers
#   hook_passthrough.so     hook library that passes every call on
#   hook_answer_getppid.so  hook library that answers getppid itself
#   rule_tables             writes the rule tables the benchmark loads (SYSFAULT_RULES)
#   explore_workload        a program of fixed work and a few files, for cli/bench/run (sysfault explore)
# bench/run builds them (and libsysfault.so) and prints the comparison table.
# The hook libraries are not linked against libsysfault.so: their reference to
# intercept_hook_point resolves to it because it is preloaded before them.

BENCH_OUT    := $(OUT)/bench
BENCH_CFLAGS := -std=c11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude -I$(SRC) -Ibench
BENCH_HDRS   := bench/bench.h include/libsyscall_intercept_hook_point.h

BENCH_PROGS := $(BENCH_OUT)/getppid_loop $(BENCH_OUT)/raw_getppid_loop $(BENCH_OUT)/raw_getppid_loop_static \
               $(BENCH_OUT)/new_sites \
               $(BENCH_OUT)/spawn_bench $(BENCH_OUT)/rule_tables \
               $(BENCH_OUT)/explore_workload $(BENCH_OUT)/static_true \
               $(BENCH_OUT)/dlopen_getppid_loop $(BENCH_OUT)/dlopen_cost $(BENCH_OUT)/libgetppid_padded.so
BENCH_HOOKS := $(BENCH_OUT)/hook_passthrough.so $(BENCH_OUT)/hook_answer_getppid.so

bench: $(BENCH_PROGS) $(BENCH_HOOKS)

$(BENCH_OUT)/%: bench/%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -pthread -o $@ $<

$(BENCH_OUT)/static_true: bench/static_true.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -static -o $@ $<

$(BENCH_OUT)/raw_getppid_loop: bench/getppid_loop.c $(BENCH_HDRS) $(C_TESTS)/progs/raw_getppid_sites.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -I$(C_TESTS)/progs -DRAW_LOOP -pthread -o $@ $<

$(BENCH_OUT)/raw_getppid_loop_static: bench/getppid_loop.c $(BENCH_HDRS) $(C_TESTS)/progs/raw_getppid_sites.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -I$(C_TESTS)/progs -DRAW_LOOP -pthread -static -o $@ $<
$(BENCH_OUT)/dlopen_getppid_loop: bench/getppid_loop.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -DDLOPEN_LOOP -pthread -o $@ $< -ldl

$(BENCH_OUT)/dlopen_cost: bench/dlopen_cost.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -ldl

$(BENCH_OUT)/libgetppid_padded.so: $(C_TESTS)/libs/getppid_padded.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -shared -fPIC -o $@ $<

$(BENCH_OUT)/rule_tables: bench/rule_tables.c $(C_TESTS)/tools/table_writer.c $(C_TESTS)/tools/table_writer.h $(SRC)/contracts/rule_format.h
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ bench/rule_tables.c $(C_TESTS)/tools/table_writer.c

# The hook path must not call libc: hooks get -fno-stack-protector -fno-builtin
# and are checked to have no undefined symbol but the hook API's.
$(BENCH_OUT)/hook_%.so: bench/hook_%.c $(BENCH_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -shared -fPIC -fno-stack-protector -fno-builtin -o $@ $<
	@bad=$$(nm -u --dynamic $@ | awk '{print $$NF}' | grep -v '^intercept_hook_point\|^__cxa_finalize\|^_ITM_\|^__gmon_start__' || true); \
	if [ -n "$$bad" ]; then echo "$@ calls outside the hook API: $$bad" >&2; rm -f $@; exit 1; fi

.PHONY: bench
