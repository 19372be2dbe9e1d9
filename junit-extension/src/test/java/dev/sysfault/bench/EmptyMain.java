// The baseline of the extension benchmark: a JVM that starts, with the same class path, and does nothing.
package dev.sysfault.bench;

public final class EmptyMain {

    private EmptyMain() {
    }

    public static void main(String[] args) {
        System.out.println("passed");   // ExtensionBench times the JVM up to this line
    }
}
