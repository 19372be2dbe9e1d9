#!/bin/bash
# Makes the Debian root file systems (one per glibc the interceptor must support) under $SYSFAULT_CACHE/rootfs.
#
#   ci/make-rootfs.sh [SUITE...]      default: bullseye bookworm trixie sid
#
# Each is `debootstrap --variant=minbase` from deb.debian.org, built only when its stamp file
# (<suite>/.sysfault-rootfs, written last) is missing; a directory without a stamp is a failed or
# interrupted build and is removed first.  bullseye (the oldest glibc) also carries libc6-dev: tests
# compile binaries that run on every glibc with
#   gcc --sysroot=$SYSFAULT_CACHE/rootfs/bullseye -B$SYSFAULT_CACHE/rootfs/bullseye/usr/lib/x86_64-linux-gnu ...
# which this script checks by running such a program in every root file system.
# SYSFAULT_ROOTFS_JOBS (default 2) builds run at once.
set -euo pipefail

CACHE=${SYSFAULT_CACHE:-/var/cache/sysfault}
ROOT=$CACHE/rootfs
MIRROR=http://deb.debian.org/debian
JOBS=${SYSFAULT_ROOTFS_JOBS:-2}
SYSROOT_SUITE=bullseye
declare -A EXTRA=([bullseye]=--include=libc6-dev)

if [ $# -gt 0 ]; then suites=("$@"); else suites=(bullseye bookworm trixie sid); fi

mkdir -p "$ROOT"
# Two CI runs on one machine must not build the same tree at once.
exec 9>"$ROOT/.lock"
flock 9

glibc_of() {
    # libc.so.6 run as a program prints e.g. "GNU C Library (Debian GLIBC 2.36-9+deb12u4) stable release version 2.36."
    chroot "$1" /lib/x86_64-linux-gnu/libc.so.6 | sed -n '1s/.*(Debian GLIBC \([^)]*\)).*/\1/p'
}

# Lazily unmounts whatever debootstrap may have left mounted under $1 (an interrupted run leaves
# proc and sys), deepest first, so that removing the tree never reaches into the host's /proc.
unmount_under() {
    local dir
    dir=$(realpath -m "$1")
    awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo \
        | sort -r | while read -r m; do umount -l "$m"; done
}

# Debian's development symlinks are absolute (libpthread.so -> /lib/x86_64-linux-gnu/libpthread.so.0,
# /lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-2.31.so): seen from the host they point at
# the host's glibc, so `ld --sysroot` would link against it or not find ld.so at all.  Made
# relative, they resolve inside the tree both from the host and in a chroot.
relativize_lib_symlinks() {
    local root=$1 link target
    find "$root/usr/lib" "$root/usr/lib64" -type l -lname '/*' 2>/dev/null | while read -r link; do
        target=$(realpath -m -s "$root$(readlink "$link")")
        ln -sfn "$(realpath -m -s --relative-to="$(dirname "$link")" "$target")" "$link"
    done
}

build() {
    local suite=$1 dir=$ROOT/$1 extra=() script=() start=$SECONDS
    [ -z "${EXTRA[$suite]:-}" ] || extra=("${EXTRA[$suite]}")
    if [ -e "$dir" ]; then
        echo "make-rootfs: $suite: removing unfinished $dir"
        unmount_under "$dir"
        rm -rf --one-file-system "$dir"
    fi
    # A debootstrap that does not know the suite yet can use sid's script: the layout is the same.
    [ -e "/usr/share/debootstrap/scripts/$suite" ] || script=(/usr/share/debootstrap/scripts/sid)
    echo "make-rootfs: $suite: debootstrap --variant=minbase${extra[*]/#/ } (log: $ROOT/$suite.log)"
    if ! debootstrap --variant=minbase "${extra[@]}" "$suite" "$dir" "$MIRROR" "${script[@]}" \
            >"$ROOT/$suite.log" 2>&1; then
        echo "make-rootfs: $suite: debootstrap failed; the end of $ROOT/$suite.log:" >&2
        tail -n 15 "$ROOT/$suite.log" >&2
        unmount_under "$dir"
        rm -rf --one-file-system "$dir"
        return 1
    fi
    unmount_under "$dir"
    [ "$suite" != "$SYSROOT_SUITE" ] || relativize_lib_symlinks "$dir"
    local glibc
    glibc=$(glibc_of "$dir")
    if [ -z "$glibc" ]; then
        echo "make-rootfs: $suite: built, but its libc.so.6 does not run in a chroot" >&2
        return 1
    fi
    echo "$suite glibc $glibc built $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/.sysfault-rootfs"
    echo "make-rootfs: $suite: glibc $glibc, built in $((SECONDS - start)) s"
}

# Builds run $JOBS at a time; each one's outcome is collected by its pid.
start=$SECONDS
failed=()
declare -A running=()
for suite in "${suites[@]}"; do
    if [ -f "$ROOT/$suite/.sysfault-rootfs" ]; then
        echo "make-rootfs: $suite: up to date ($(cat "$ROOT/$suite/.sysfault-rootfs"))"
        continue
    fi
    while [ "${#running[@]}" -ge "$JOBS" ]; do
        wait -n || true
        for pid in "${!running[@]}"; do
            if ! kill -0 "$pid" 2>/dev/null; then
                wait "$pid" || failed+=("${running[$pid]}")
                unset "running[$pid]"
            fi
        done
    done
    build "$suite" &
    running[$!]=$suite
done
for pid in "${!running[@]}"; do
    wait "$pid" || failed+=("${running[$pid]}")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "make-rootfs: failed: ${failed[*]}" >&2
    exit 1
fi

# The portable-binary check: built against the oldest glibc, run in every root file system.
if [ -f "$ROOT/$SYSROOT_SUITE/.sysfault-rootfs" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    cat >"$tmp/hello.c" <<'C'
#include <pthread.h>
#include <stdio.h>
#include <gnu/libc-version.h>
static void *greet(void *arg) { printf("hello from a thread, glibc %s\n", gnu_get_libc_version()); return arg; }
int main(void) { pthread_t t; if (pthread_create(&t, NULL, greet, NULL)) return 1; return pthread_join(t, NULL); }
C
    # -B makes gcc take crt1.o/crti.o/crtn.o and the libraries from the sysroot first; without it
    # the host's start files (glibc 2.36, __libc_start_main@GLIBC_2.34) get linked in.
    sysroot=$ROOT/$SYSROOT_SUITE
    gcc --sysroot="$sysroot" -B"$sysroot/usr/lib/x86_64-linux-gnu" -pthread "$tmp/hello.c" -o "$tmp/hello"
    for suite in "${suites[@]}"; do
        dir=$ROOT/$suite
        cp "$tmp/hello" "$dir/tmp/sysfault-hello"
        out=$(chroot "$dir" /tmp/sysfault-hello) || { rm -f "$dir/tmp/sysfault-hello"; echo "make-rootfs: $suite: sysroot-built program fails: $out" >&2; exit 1; }
        rm -f "$dir/tmp/sysfault-hello"
        echo "make-rootfs: $suite: $out"
    done
fi
echo "make-rootfs: done in $((SECONDS - start)) s"
