#!/bin/bash
# Installs the Debian packages that building and testing sysfault need; does nothing when all are present.
set -euo pipefail

# gcc, make, binutils, libc6-dev: the native build.  debootstrap, debian-archive-keyring, gpgv:
# the glibc root file systems.  dpkg-dev: `apt-get source` (capstone).  maven, openjdk: the Java
# build.  strace, file, sqlite3: tests (strace: the differential test; sqlite3: a program that
# syncs with fdatasync, for the test of a fault that never fires).  musl-tools, golang-go: test
# programs linked against musl and written in Go, which sysfault runs through sysfault-exec.  clang-14, libclang-rt-14-dev:
# the rule table's fuzz target (libFuzzer).  docker.io: the engine of the container tests
# (ci/docker-engine starts it; ci/make-images builds its images with debootstrap; iproute2: the bridge of the second,
# "remote" engine that ci/docker-engine-remote runs; openssl: the certificates of the engine with TLS that
# TlsRefusalTest starts).  manpages-dev, python3: the
# check that fault-dsl's syscall-errnos.tsv is what the man pages' ERRORS sections give.
packages=(
    gcc make binutils libc6-dev
    debootstrap debian-archive-keyring gpgv dpkg-dev
    maven openjdk-17-jdk-headless ca-certificates
    strace file sqlite3 musl-tools golang-go
    clang-14 libclang-rt-14-dev
    docker.io iproute2 openssl
    manpages-dev python3
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-packages: all ${#packages[@]} packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-packages: missing ${missing[*]}; run as root (apt-get install) on Debian bookworm" >&2
    exit 1
fi

echo "install-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# dpkg reports every unpacked file set; keep that in a log and show it only when something fails.
log=$(mktemp /tmp/sysfault-apt.XXXXXX.log)
start=$SECONDS
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    echo "install-packages: apt-get failed; the end of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
fi
rm -f "$log"
echo "install-packages: installed in $((SECONDS - start)) s"
