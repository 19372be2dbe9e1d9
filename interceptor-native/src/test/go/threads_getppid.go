// threads_getppid in Go: getppid from several OS threads at once; a rule must reach every one of them.
//
//	threads_getppid N
//
// N goroutines, each locked to an OS thread of its own, call getppid; prints "THREADS threads, OK ok, FAILED
// failed" where THREADS is how many distinct thread ids made the calls (the main thread's included).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"syscall"
)

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "usage: threads_getppid N")
		os.Exit(2)
	}
	var mu sync.Mutex
	tids := map[int]bool{}
	ok, failed := 0, 0
	var start, done sync.WaitGroup
	start.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer done.Done()
			runtime.LockOSThread() // held to the end: the thread is not reused, each goroutine has its own
			start.Done()
			start.Wait() // every thread exists before any calls
			_, _, e := syscall.RawSyscall(syscall.SYS_GETPPID, 0, 0, 0)
			mu.Lock()
			tids[syscall.Gettid()] = true
			if e == 0 {
				ok++
			} else {
				failed++
			}
			mu.Unlock()
		}()
	}
	done.Wait()
	fmt.Printf("%d threads, %d ok, %d failed\n", len(tids), ok, failed)
}
