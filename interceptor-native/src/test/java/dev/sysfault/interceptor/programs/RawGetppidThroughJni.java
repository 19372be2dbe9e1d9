// A JVM program that loads a JNI library with System.load and calls its raw getppid in a loop, for DlopenSiteRewriteTest.
package dev.sysfault.interceptor.programs;

/**
 * {@code RawGetppidThroughJni LIBRARY N}: loads {@code libjni_getppid.so} (src/test/c/libs) by its path, calls its
 * raw getppid N times and prints "jni: N calls, K ok, F failed with errno E; site: jump|syscall", where the site is
 * what the library's syscall instruction's first byte is afterwards.
 */
public final class RawGetppidThroughJni {

    private RawGetppidThroughJni() {}

    private static native long rawGetppid();

    private static native int siteByte();

    public static void main(String[] args) {
        System.load(args[0]);
        long n = Long.parseLong(args[1]);
        long ok = 0;
        long failed = 0;
        long errno = 0;
        for (long i = 0; i < n; i++) {
            long r = rawGetppid();
            if (r < 0 && r > -4096) {
                failed++;
                errno = -r;
            } else {
                ok++;
            }
        }
        int site = siteByte();
        System.out.printf("jni: %d calls, %d ok, %d failed with errno %d; site: %s%n", n, ok, failed, errno,
                site == 0xeb ? "jump" : site == 0x0f ? "syscall" : "other");
    }
}
