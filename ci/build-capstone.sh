#!/bin/bash
# Builds capstone (X86 only, static, PIC) from Debian's source package into $SYSFAULT_CACHE/capstone-x86.
set -euo pipefail

CACHE=${SYSFAULT_CACHE:-/var/cache/sysfault}
VERSION=4.0.2                        # the upstream version bookworm ships
SRC=$CACHE/src
PREFIX=$CACHE/capstone-x86
STAMP=$PREFIX/.built
SOURCES=/etc/apt/sources.list.d/sysfault-src.sources
MAKE_FLAGS=(CAPSTONE_ARCHS=x86 CAPSTONE_SHARED=no CAPSTONE_STATIC=yes CAPSTONE_USE_SYS_DYN_MEM=yes)

# Two CI runs on one machine must not build in the same source tree at once.
mkdir -p "$CACHE"
exec 9>"$CACHE/.capstone.lock"
flock 9

if [ -f "$STAMP" ] && [ -f "$PREFIX/lib/libcapstone.a" ] && [ -f "$PREFIX/include/capstone/capstone.h" ] \
        && grep -q "^capstone $VERSION " "$STAMP"; then
    echo "build-capstone: up to date: $(cat "$STAMP")"
    exit 0
fi

say() { echo "build-capstone: $*"; }

# 1. The source package: bookworm's deb-src entry, in a file of our own.
if ! [ -d "$SRC/capstone-$VERSION" ]; then
    if ! [ -f "$SOURCES" ]; then
        say "adding $SOURCES"
        cat > "$SOURCES" <<'SRC'
# Added by sysfault's ci/build-capstone.sh: `apt-get source capstone`.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    fi
    if ! apt-cache showsrc capstone 2>/dev/null | grep -q '^Package: capstone'; then
        say "apt-get update (for the deb-src index)"
        apt-get update -qq
    fi
    # Unpack beside the final place and move it there, so an interrupted run leaves nothing that
    # looks finished.
    mkdir -p "$SRC"
    tmp=$(mktemp -d "$SRC/.fetch.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    say "apt-get source capstone into $SRC"
    # Downloading as root into a root-owned directory: no _apt sandbox to warn about.
    (cd "$tmp" && apt-get source -qq -o APT::Sandbox::User=root capstone >/dev/null)
    if ! [ -d "$tmp/capstone-$VERSION" ]; then
        echo "build-capstone: expected capstone $VERSION from bookworm, got: $(ls "$tmp")" >&2
        echo "build-capstone: update VERSION in $0 after checking the new version works" >&2
        exit 1
    fi
    mv "$tmp"/capstone_* "$SRC"/
    mv "$tmp/capstone-$VERSION" "$SRC/"
    rm -rf "$tmp"
    trap - EXIT
fi
debian_version=$(dpkg-parsechangelog -l "$SRC/capstone-$VERSION/debian/changelog" -S Version)

# 2. Build.  A clean tree each time: objects left by a build with other flags must not leak in.
say "building capstone $debian_version (X86 only, static, PIC) in $SRC/capstone-$VERSION"
unset CFLAGS LDFLAGS CPPFLAGS
start=$SECONDS
make -s -C "$SRC/capstone-$VERSION" clean >/dev/null
# ("ar q" announces that it creates the archive; nothing else is dropped.)
make -s -C "$SRC/capstone-$VERSION" -j"$(nproc)" "${MAKE_FLAGS[@]}" 2>&1 >/dev/null \
    | { grep -v '^ar: creating' || true; } >&2
say "built in $((SECONDS - start)) s"

# 3. Install exactly the headers and the archive.
rm -rf "$PREFIX"
mkdir -p "$PREFIX/include/capstone" "$PREFIX/lib"
install -m 644 "$SRC/capstone-$VERSION"/include/capstone/*.h "$PREFIX/include/capstone/"
install -m 644 "$SRC/capstone-$VERSION/libcapstone.a" "$PREFIX/lib/"
echo "capstone $VERSION debian $debian_version archs=x86 static pic sys_dyn_mem" > "$STAMP"
say "installed $PREFIX/include/capstone/*.h and $PREFIX/lib/libcapstone.a"
