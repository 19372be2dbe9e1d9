// list_dir in Go: the number of entries in a directory, or why it could not be listed; no C library at all.
//
//	list_dir DIR
//
// Prints "N entries" (with . and .., as readdir counts them) and exits 0, or "list_dir: ERROR" on stderr
// and exits 1: under getdents64:error=ENOTSUP it must fail as under strace.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: list_dir DIR")
		os.Exit(2)
	}
	entries, err := os.ReadDir(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "list_dir:", err)
		os.Exit(1)
	}
	fmt.Printf("%d entries\n", len(entries)+2)
}
