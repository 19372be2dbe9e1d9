// getppid_loop in Go: raw getppid calls from Go's one syscall instruction, on several OS threads, then what that instruction is now.
//
//	getppid_loop N THREADS
//
// THREADS goroutines, each locked to an OS thread of its own, make N raw getppid calls each (syscall.RawSyscall:
// the runtime's Syscall6, one syscall instruction for every call of the syscall package). Prints
// "THREADS threads, CALLS calls, OK ok, FAILED failed with errno E; site: jump|syscall|unknown", where THREADS is
// how many distinct thread ids made calls, OK the calls that returned the real ppid, and the site what the first
// byte of Syscall6's syscall instruction is now: 0f 05 still, or eb (rewritten to a jump to its trampoline),
// read from the program's own text at the address its symbol table gives.
package main

import (
	"debug/elf"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"unsafe"
)

// Where the runtime keeps its one raw syscall instruction, by Go version.
var syscall6 = []string{
	"runtime/internal/syscall.Syscall6",
	"internal/runtime/syscall.Syscall6",
	"internal/runtime/syscall/linux.Syscall6",
}

func site() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := elf.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	symbols, err := f.Symbols()
	if err != nil {
		return "unknown"
	}
	for _, name := range syscall6 {
		for _, s := range symbols {
			if s.Name != name || s.Size < 2 {
				continue
			}
			// Read from memory, not the file: the program is not position-independent, so the symbol's value is its address.
			code := unsafe.Slice((*byte)(unsafe.Pointer(uintptr(s.Value))), s.Size)
			for i := 0; i+1 < len(code); i++ {
				if code[i] == 0x0f && code[i+1] == 0x05 {
					return "syscall"
				}
			}
			return "jump"
		}
	}
	return "unknown"
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: getppid_loop N THREADS")
		os.Exit(2)
	}
	n, err1 := strconv.Atoi(os.Args[1])
	threads, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil || n < 1 || threads < 1 {
		fmt.Fprintln(os.Stderr, "getppid_loop: N and THREADS must be positive numbers")
		os.Exit(2)
	}
	ppid := uintptr(os.Getppid())
	var mu sync.Mutex
	tids := map[int]bool{}
	ok, failed, errnoSeen := 0, 0, 0
	var start, done sync.WaitGroup
	start.Add(threads)
	done.Add(threads)
	for t := 0; t < threads; t++ {
		go func() {
			defer done.Done()
			runtime.LockOSThread() // held to the end: each goroutine has a thread of its own
			start.Done()
			start.Wait()
			k, f, e := 0, 0, 0
			for i := 0; i < n; i++ {
				r, _, errno := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
				if errno != 0 {
					f++
					e = int(errno)
				} else if r == ppid {
					k++
				}
			}
			mu.Lock()
			tids[syscall.Gettid()] = true
			ok, failed = ok+k, failed+f
			if e != 0 {
				errnoSeen = e
			}
			mu.Unlock()
		}()
	}
	done.Wait()
	fmt.Printf("%d threads, %d calls, %d ok, %d failed with errno %d; site: %s\n", len(tids), n*threads, ok, failed,
		errnoSeen, site())
}
