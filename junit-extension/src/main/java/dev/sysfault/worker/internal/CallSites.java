// In the worker, during exploration's fault-free runs: the Java call site of each paused call, read while it waits.
package dev.sysfault.worker.internal;

import dev.sysfault.fault.trace.SyscallEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * The table of a recording pauses each call that could be a failure point (a PAUSE rule: docs/rule-table.md) made
 * by the test's thread or a thread it started; this watcher thread, exempt from the rules, takes each paused call from libsysfault.so, finds the Java thread with
 * the call's OS thread id (the {@code DiagnosticCommand} MBean's {@code threadPrint} names both; cached, read
 * again on a miss), reads its stack while the thread waits in native code and lets it go. A thread that is no Java
 * thread (the JVM's own) or cannot be read is let go at once, without a site. A forked child never waits (the
 * library checks the pid), and no call waits longer than the library allows (10 s), so a body is never hung.
 */
public final class CallSites implements AutoCloseable {

    /** A paused call: its thread, syscall number and first argument, and its site, if one was found. */
    public record SeenCall(long tid, long nr, long arg0, Optional<String> site) {
    }

    private static final int DEPTH = 256;
    private static final int POLL_MS = 5;
    private static final Pattern THREAD_LINE = Pattern.compile("^\".*\" #(\\d+)\\b.*\\bnid=(0x[0-9a-fA-F]+|\\d+)");

    private final SysfaultControl control;
    private final List<SeenCall> seen = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Long> javaIdByTid = new HashMap<>();
    private final Set<Long> notJava = new HashSet<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Thread watcher;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean stop;

    private CallSites(SysfaultControl control) {
        this.control = control;
        this.watcher = new Thread(this::takePausedCalls, "sysfault-call-sites");
        this.watcher.setDaemon(true);
    }

    /**
     * Starts watching the paused calls of the calling thread (the test's) and of the threads it starts (before the
     * rules that pause them are armed). The JVM's own threads never wait: the stack walk may need them.
     */
    public static CallSites watch() {
        CallSites sites = new CallSites(WorkerRuntime.get().control());
        sites.refreshThreads();   // the JMX machinery loads now, before any call waits for it
        sites.watcher.start();
        try {
            sites.started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sites.control.pauseThread(ThisThread.kernelId());
        return sites;
    }

    private void takePausedCalls() {
        boolean watching = control.watchPausedCalls();
        started.countDown();
        if (!watching) {
            return;   // another watcher holds the board: the calls go on without sites
        }
        try {
            long[] call = new long[3];
            while (!stop) {
                int slot = control.nextPausedCall(call, POLL_MS);
                if (slot < 0) {
                    continue;
                }
                Optional<String> site = Optional.empty();
                try {
                    site = siteOf(call[0]);
                } catch (RuntimeException unreadable) {
                    // the call goes on without a site; its point is then named by its file alone (an Error ends
                    // the watcher, and stopping it lets every waiting call go on)
                } finally {
                    control.releasePausedCall(slot);
                }
                seen.add(new SeenCall(call[0], call[1], call[2], site));
            }
        } finally {
            control.stopWatchingPausedCalls();
        }
    }

    private Optional<String> siteOf(long tid) {
        Long id = javaIdByTid.get(tid);
        if (id == null && !notJava.contains(tid)) {
            refreshThreads();
            id = javaIdByTid.get(tid);
            if (id == null) {
                notJava.add(tid);
            }
        }
        if (id == null) {
            return Optional.empty();
        }
        // Without a stack, the JVM answers without stopping the threads. A thread that waits inside the JVM's own
        // code (reading its cgroup files, say), not in a native method, would hold up the stack walk's safepoint
        // until the library gives up waiting: its call goes on without a site.
        ThreadInfo state = threads.getThreadInfo(id, 0);
        if (state == null || !state.isInNative()) {
            return Optional.empty();
        }
        ThreadInfo info = threads.getThreadInfo(id, DEPTH);
        return info == null ? Optional.empty() : CodeUnderTest.firstFrame(info.getStackTrace());
    }

    private void refreshThreads() {
        try {
            String dump = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            for (String line : dump.split("\n")) {
                Matcher m = THREAD_LINE.matcher(line);
                if (m.find()) {
                    String nid = m.group(2);
                    long tid = nid.startsWith("0x") ? Long.parseLong(nid.substring(2), 16) : Long.parseLong(nid);
                    javaIdByTid.put(tid, Long.parseLong(m.group(1)));
                }
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("cannot list the worker's threads for call sites", e);
        }
    }

    /** Stops watching: every call still waiting goes on. */
    @Override
    public void close() {
        stop = true;
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The site of each of {@code scoped}'s events that was seen paused. {@code all} is every thread's recording
     * made while watching (the scoped one leaves out calls, such as class loading, that were paused too): per
     * thread, its events and the paused calls come in the same order, matched by syscall number and first argument.
     * Call after {@link #close()}.
     */
    public Map<SyscallEvent, String> sitesOf(List<SyscallEvent> scoped, List<SyscallEvent> all) {
        Map<Long, String> bySequence = new HashMap<>();
        matched(all).forEach((e, site) -> bySequence.put(e.sequence(), site));
        Map<SyscallEvent, String> sites = new IdentityHashMap<>();
        for (SyscallEvent e : scoped) {
            String site = bySequence.get(e.sequence());
            if (site != null) {
                sites.put(e, site);
            }
        }
        return sites;
    }

    private Map<SyscallEvent, String> matched(List<SyscallEvent> events) {
        Map<Long, Deque<SeenCall>> byThread = new HashMap<>();
        Set<Long> pausedNumbers = new HashSet<>();
        synchronized (seen) {
            for (SeenCall c : seen) {
                byThread.computeIfAbsent(c.tid(), t -> new ArrayDeque<>()).add(c);
                pausedNumbers.add(c.nr());
            }
        }
        long pid = ProcessHandle.current().pid();
        Map<SyscallEvent, String> sites = new IdentityHashMap<>();
        for (SyscallEvent e : events) {
            Deque<SeenCall> queue = byThread.get((long) e.tid());
            if (e.pid() != pid || queue == null || !pausedNumbers.contains((long) e.number())) {
                continue;
            }
            // paused calls the trace does not hold (before its scope began) are passed over; an event that was not
            // paused (every slot taken) finds none and takes none
            int skip = 0;
            for (SeenCall c : queue) {
                // the low 32 bits: a descriptor (or openat's AT_FDCWD) is an int, which the trace may hold unsigned
                if (c.nr() == e.number() && (int) c.arg0() == (int) e.arg(0)) {
                    break;
                }
                skip++;
            }
            if (skip == queue.size()) {
                continue;
            }
            for (int i = 0; i < skip; i++) {
                queue.poll();
            }
            queue.poll().site().ifPresent(site -> sites.put(e, site));
        }
        return sites;
    }
}
