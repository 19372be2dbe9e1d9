# The layers of the library's folders, checked on every build (included by the module's Makefile).
# layers.checked: includes follow MAY_INCLUDE_*; links.checked: so do the objects' symbols.

# What may include what (CONTRIBUTING.md draws it): each folder names the folders whose headers
# it may include, so that the roles stay layered as the folder names promise.  The trampoline's
# layout is known only where trampolines are made (patcher/) and where the dispatcher picks the
# next step (hook/dispatch.c, hook/entry.S, whose quiet calls skip the dispatcher, and hook/sud_entry.c, which plays a trampoline's part); the rule engine says what happens to a call, not where to jump.
MAY_INCLUDE_contracts :=
MAY_INCLUDE_hook      := contracts
MAY_INCLUDE_raw_io    := hook
MAY_INCLUDE_patcher   := contracts hook raw_io
MAY_INCLUDE_control   := contracts hook raw_io
MAY_INCLUDE_startup   := contracts hook raw_io patcher control
# sysfault-supervisor, a program of its own: it may include nothing of the library's.
MAY_INCLUDE_supervisor :=
# sysfault-exec, a program of its own that links the hook path, start-up's trace and control file, and the
# patcher's planner (the sites it may rewrite when caught).
MAY_INCLUDE_exec       := contracts hook raw_io control startup patcher
LIB_FILES     := $(wildcard $(SRC)/*/*.[chS])
# Every folder is checked; one without a MAY_INCLUDE_ line may include nothing from the others.
ROLES         := $(sort $(notdir $(patsubst %/,%,$(dir $(LIB_FILES)))))
LAYOUT_USERS  := $(SRC)/hook/dispatch.c $(SRC)/hook/entry.S $(SRC)/hook/sud_entry.c $(SRC)/exec/sigsys.c $(SRC)/exec/trampoline_entry.S $(wildcard $(SRC)/patcher/*)
EMPTY :=
SPACE := $(EMPTY) $(EMPTY)

$(OUT)/layers.checked: $(LIB_FILES) $(SRC)/layers.mk
	@mkdir -p $(dir $@)
	@bad=$$( { $(foreach r,$(ROLES),grep -Ho '^#include "[a-z_]*/' $(SRC)/$(r)/* | sed 's/#include "//; s|/$$||' \
	        | grep -vE ':($(subst $(SPACE),|,$(strip $(MAY_INCLUDE_$(r)) -)))$$' | sed 's/:/ includes from /';) \
	        grep -l '#include "\.\./' $(LIB_FILES) | sed 's/$$/ includes with ..\//'; \
	        grep -l '^#include "contracts/trampoline_layout\.h"' $(filter-out $(LAYOUT_USERS),$(LIB_FILES)) | sed 's/$$/ includes trampoline_layout.h/'; \
	    } ); \
	if [ -n "$$bad" ]; then printf 'an include crosses the layers (see MAY_INCLUDE_<folder> in $(SRC)/layers.mk):\n%s\n' "$$bad" >&2; exit 1; fi; \
	touch $@

# The same order for symbols: a folder's objects may use only what they, the folders they may
# include, libc and capstone define.  A call that climbs back up (control/ into startup/) fails.
# $(call used_from_above,FOLDER) appends "FOLDER/ uses SYMBOL" lines to the shell's $bad.
used_from_above = $(if $(filter $(OBJ)/$(1)/%,$(LIB_OBJS)),$(if $(call objs_above,$(1)), \
	uses=$$(nm -u $(filter $(OBJ)/$(1)/%,$(LIB_OBJS)) | awk 'NF==2{print $$2}' | sort -u); \
	defs=$$(nm -g --defined-only $(call objs_above,$(1)) | awk 'NF==3{print $$3}' | sort -u); \
	for s in $$(printf '%s\n%s\n' "$$uses" "$$defs" | sort | uniq -d); do bad="$${bad}$(1)/ uses $$s\n"; done;))
objs_above = $(filter $(addprefix $(OBJ)/,$(addsuffix /%,$(filter-out $(1) $(MAY_INCLUDE_$(1)),$(ROLES)))),$(LIB_OBJS))

$(OUT)/links.checked: $(LIB_OBJS)
	@bad=; $(foreach r,$(ROLES),$(call used_from_above,$(r))) \
	if [ -n "$$bad" ]; then printf 'a folder uses a symbol of a folder above it (see MAY_INCLUDE_<folder> in $(SRC)/layers.mk):\n%b' "$$bad" >&2; exit 1; fi; \
	touch $@
