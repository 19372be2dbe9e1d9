// trace_getppid in Go: N getppid calls, then "getppid N" on stdout; a program that no C library starts.
//
//	trace_getppid N
//
// Built by src/test/c/test.mk with the standard library only (offline) and CGO_ENABLED=0, so it is
// statically linked and makes its system calls from the Go runtime's own code, as Go programs do.
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: trace_getppid N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "trace_getppid: N must be a number:", err)
		os.Exit(2)
	}
	for i := 0; i < n; i++ {
		syscall.Getppid()
	}
	fmt.Printf("getppid %d\n", n)
}
