// self_exec in Go: finds its own file (os.Executable, /proc/self/exe) and runs itself again to list a directory.
//
//	self_exec DIR
//
// Prints "executable is itself: true|false" (os.Executable against the path it was started by), then
// runs itself as "self_exec -child DIR", which lists DIR as list_dir does, and prints what the child said
// and its exit status. Under sysfault-exec, /proc/self/exe must still mean the program, and the child must
// be covered again.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-child" {
		entries, err := os.ReadDir(os.Args[2])
		if err != nil {
			fmt.Println("list_dir:", err)
			os.Exit(1)
		}
		fmt.Printf("%d entries\n", len(entries)+2)
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: self_exec DIR")
		os.Exit(2)
	}
	exe, err := os.Executable()
	started, _ := filepath.Abs(os.Args[0])
	fmt.Printf("executable is itself: %t\n", err == nil && exe == started)
	out, err := exec.Command(exe, "-child", os.Args[1]).Output()
	status := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		status = exit.ExitCode()
	} else if err != nil {
		fmt.Println("run:", err)
		os.Exit(1)
	}
	fmt.Printf("child said %q, exit %d\n", out, status)
}
