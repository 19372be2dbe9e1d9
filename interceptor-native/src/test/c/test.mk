# Test programs and hook libraries for libsysfault.so (`make tests`), included by the module's Makefile.
#   progs/<name>.c -> $(OUT)/test/<name>
#   hooks/<name>.c -> $(OUT)/test/<name>.so   (no link against libsysfault.so: the hook
#                          variables resolve at load time, libsysfault.so is preloaded first)
#   libs/<name>.c  -> $(OUT)/test/lib<name>.so (libraries that test programs link, found through $ORIGIN)
# The same again in $(OUT)/test/portable/, built against the glibc 2.31 of PORTABLE_SYSROOT, so
# that they run in every root file system of the glibc matrix.

PORTABLE_SYSROOT ?= /var/cache/sysfault/rootfs/bullseye

TEST_OUT     := $(OUT)/test
PORTABLE_OUT := $(TEST_OUT)/portable

TEST_PROGS := $(patsubst $(C_TESTS)/progs/%.c,%,$(wildcard $(C_TESTS)/progs/*.c))
TEST_HOOKS := $(patsubst $(C_TESTS)/hooks/%.c,%,$(wildcard $(C_TESTS)/hooks/*.c))

TEST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -D_GNU_SOURCE -Iinclude
TEST_DEPS   := include/libsyscall_intercept_hook_point.h include/sysfault_hook_point.h include/sysfault_control.h $(C_TESTS)/test.mk
# Libraries a program needs beyond libc: control_api, paused_calls, scoped_rules, late_dlopen, raw_syscalls, sud_state and calls_on_request use dlopen/dlsym, which are
# in libdl on glibc < 2.34 (the portable build's bullseye).
TEST_LIBS   :=

# gcc --sysroot alone is not enough with Debian's gcc: it takes crt1.o/crti.o from the host's
# multiarch directory (-B fixes that), and the sysroot's libc.so script and libpthread.so link
# name absolute paths (/lib64/ld-linux-x86-64.so.2 is itself an absolute symlink), which ld
# would resolve on the host.  So the link uses rewritten copies of those two in $(PORTABLE_LIB).
PORTABLE_MULTIARCH := $(PORTABLE_SYSROOT)/usr/lib/x86_64-linux-gnu
PORTABLE_LIB       := $(PORTABLE_OUT)/link
PORTABLE_FLAGS     := --sysroot=$(PORTABLE_SYSROOT) -B$(PORTABLE_MULTIARCH) -L$(PORTABLE_LIB)

tests: $(addprefix $(TEST_OUT)/,$(TEST_PROGS) raw_syscall_sites_no_pie libjni_getppid.so) $(patsubst %,$(TEST_OUT)/%.so,$(TEST_HOOKS))

$(TEST_OUT)/paused_calls $(PORTABLE_OUT)/paused_calls $(TEST_OUT)/scoped_rules $(PORTABLE_OUT)/scoped_rules $(TEST_OUT)/control_api $(PORTABLE_OUT)/control_api $(TEST_OUT)/late_dlopen $(PORTABLE_OUT)/late_dlopen \
$(TEST_OUT)/raw_syscalls $(PORTABLE_OUT)/raw_syscalls $(TEST_OUT)/sud_state $(PORTABLE_OUT)/sud_state \
$(TEST_OUT)/calls_on_request $(PORTABLE_OUT)/calls_on_request: TEST_LIBS := -ldl

# raw_syscall_sites links libraw_getppid.so, beside it; its _no_pie twin is the same program at a fixed address.
$(TEST_OUT)/raw_syscall_sites $(PORTABLE_OUT)/raw_syscall_sites: TEST_LIBS = -L$(@D) -lraw_getppid -Wl,-rpath,'$$ORIGIN'
$(TEST_OUT)/raw_syscall_sites: $(TEST_OUT)/libraw_getppid.so
$(PORTABLE_OUT)/raw_syscall_sites: $(PORTABLE_OUT)/libraw_getppid.so

$(TEST_OUT)/raw_syscall_sites_no_pie: $(C_TESTS)/progs/raw_syscall_sites.c $(TEST_DEPS) $(TEST_OUT)/libraw_getppid.so
	$(CC) $(TEST_CFLAGS) -fno-pie -no-pie $< -o $@ -L$(@D) -lraw_getppid -Wl,-rpath,'$$ORIGIN'

# dlopen_site_loop loads libgetppid_padded.so and libgetppid_unpadded.so from beside it, by path and (RUNPATH) by name.
$(TEST_OUT)/dlopen_site_loop $(PORTABLE_OUT)/dlopen_site_loop: TEST_LIBS = -ldl -Wl,-rpath,'$$ORIGIN'
$(TEST_OUT)/dlopen_site_loop: $(TEST_OUT)/libgetppid_padded.so $(TEST_OUT)/libgetppid_unpadded.so
$(PORTABLE_OUT)/dlopen_site_loop: $(PORTABLE_OUT)/libgetppid_padded.so $(PORTABLE_OUT)/libgetppid_unpadded.so

# linked_hook links libsysfault.so itself, from the build's top ($(OUT), or $(OUT) from portable/).
$(TEST_OUT)/linked_hook $(PORTABLE_OUT)/linked_hook: TEST_LIBS = -L$(OUT) -lsysfault -Wl,-rpath,'$$ORIGIN/..:$$ORIGIN/../..'
$(TEST_OUT)/linked_hook $(PORTABLE_OUT)/linked_hook: $(OUT)/libsysfault.so

$(TEST_OUT)/lib%.so: $(C_TESTS)/libs/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -shared -fPIC $< -o $@

$(TEST_OUT)/%: $(C_TESTS)/progs/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -pthread $< -o $@ $(TEST_LIBS)

# Static builds: no dynamic loader runs in them, so LD_PRELOAD cannot (sysfault-exec runs them).
STATIC_PROGS := trace_getppid list_dir spawn_child
tests: $(addprefix $(TEST_OUT)/static/,$(STATIC_PROGS))

# raw_syscalls' modes (signals, clones, vfork, seccomp) under sysfault-exec: glibc's -static build alone (musl's
# headers have no <linux/seccomp.h>).  Its dlopen mode is not used there.
tests: $(TEST_OUT)/static/raw_syscalls

# raw_site_loop -static: its own sites, which sysfault-exec rewrites to the fast path when first caught;
# stripped too (-s): no unwind table and no symbols, so no function bounds to find padding by.
tests: $(TEST_OUT)/static/raw_site_loop $(TEST_OUT)/static/raw_site_loop_stripped
# A raw clone from a site that an earlier call had rewritten: the thread it makes needs the loader's clone.
tests: $(TEST_OUT)/static/clone_through_site
# Calls with a goroutine's few hundred bytes of stack left: the dispatcher must not run on that stack.
tests: $(TEST_OUT)/static/small_stack_calls
# A program's signal handler on that stack, going deeper than it: the guard page below it stops it.
tests: $(TEST_OUT)/static/deep_handler_on_dispatch_stack

$(TEST_OUT)/static/raw_site_loop_stripped: $(C_TESTS)/progs/raw_site_loop.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -pthread -static -s $< -o $@

$(TEST_OUT)/static/%: $(C_TESTS)/progs/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -pthread -static $< -o $@

# A 32-bit program (no C library: binutils alone, no multilib): neither LD_PRELOAD nor sysfault-exec covers it.
tests: $(TEST_OUT)/i386/print_ok

$(TEST_OUT)/i386/%: $(C_TESTS)/i386/%.S $(C_TESTS)/test.mk
	@mkdir -p $(@D)
	as --32 $< -o $@.o
	ld -m elf_i386 -static $@.o -o $@

# The same against musl (musl-tools, ci/install-packages.sh): its own dynamic loader, not glibc's.
MUSL_GCC ?= $(shell command -v musl-gcc)
ifneq ($(MUSL_GCC),)
tests: $(addprefix $(TEST_OUT)/musl/,$(STATIC_PROGS)) $(addprefix $(TEST_OUT)/musl-static/,$(STATIC_PROGS))

$(TEST_OUT)/musl/%: $(C_TESTS)/progs/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(MUSL_GCC) -std=gnu11 -O2 $(WARN) -D_GNU_SOURCE $< -o $@

$(TEST_OUT)/musl-static/%: $(C_TESTS)/progs/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(MUSL_GCC) -static -std=gnu11 -O2 $(WARN) -D_GNU_SOURCE $< -o $@
endif

# The same in Go (golang-go, ci/install-packages.sh): the Go runtime makes its own system calls, no C
# library at all.  Offline: the standard library only, and the build's caches under $(TEST_OUT)/go.
GO ?= $(shell command -v go)
GO_TESTS := src/test/go
ifneq ($(GO),)
tests: $(addprefix $(TEST_OUT)/go/,trace_getppid list_dir threads_getppid self_exec getppid_loop)

$(TEST_OUT)/go/%: $(GO_TESTS)/%.go $(C_TESTS)/test.mk
	@mkdir -p $(@D)/cache $(@D)/path
	CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOCACHE=$(abspath $(@D)/cache) GOPATH=$(abspath $(@D)/path) \
	    $(GO) build -trimpath -o $@ $<
endif

$(TEST_OUT)/%.so: $(C_TESTS)/hooks/%.c $(TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(TEST_CFLAGS) -shared -fPIC $< -o $@

ifneq ($(wildcard $(PORTABLE_SYSROOT)/usr/include/stdio.h),)

tests: $(addprefix $(PORTABLE_OUT)/,$(TEST_PROGS)) $(patsubst %,$(PORTABLE_OUT)/%.so,$(TEST_HOOKS))

$(PORTABLE_LIB)/libc.so: $(PORTABLE_MULTIARCH)/libc.so
	@mkdir -p $(@D)
	sed -E -e 's@/lib64/ld-linux-x86-64\.so\.2@/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2@g' \
	    -e 's@([( ])/(lib|usr)/@\1$(PORTABLE_SYSROOT)/\2/@g' $< > $@
	@if [ -e $(PORTABLE_SYSROOT)/lib/x86_64-linux-gnu/libpthread.so.0 ]; then \
	    ln -sfn $(PORTABLE_SYSROOT)/lib/x86_64-linux-gnu/libpthread.so.0 $(@D)/libpthread.so; fi

$(PORTABLE_OUT)/%: $(C_TESTS)/progs/%.c $(TEST_DEPS) $(PORTABLE_LIB)/libc.so
	$(CC) $(PORTABLE_FLAGS) $(TEST_CFLAGS) -pthread $< -o $@ $(TEST_LIBS)

$(PORTABLE_OUT)/%.so: $(C_TESTS)/hooks/%.c $(TEST_DEPS) $(PORTABLE_LIB)/libc.so
	$(CC) $(PORTABLE_FLAGS) $(TEST_CFLAGS) -shared -fPIC $< -o $@

$(PORTABLE_OUT)/lib%.so: $(C_TESTS)/libs/%.c $(TEST_DEPS) $(PORTABLE_LIB)/libc.so
	$(CC) $(PORTABLE_FLAGS) $(TEST_CFLAGS) -shared -fPIC $< -o $@

else

tests: portable-tests-skipped

portable-tests-skipped:
	@echo "test.mk: no C library headers in PORTABLE_SYSROOT=$(PORTABLE_SYSROOT)" \
	      "(no usr/include/stdio.h): portable test programs not built." \
	      "ci/ makes that root file system (debootstrap bullseye with libc6-dev)."

.PHONY: portable-tests-skipped

endif

.PHONY: tests
