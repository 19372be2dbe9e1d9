// For RunDirectoryTest: a fresh JVM that makes one run directory, as a JVM does on the way to its first worker.
package dev.sysfault.run.programs;

import dev.sysfault.run.internal.RunDirectory;

public final class MakeRunDirectory {

    private MakeRunDirectory() {
    }

    public static void main(String[] args) {
        try (RunDirectory dir = RunDirectory.create()) {
            System.out.println("made " + dir.path());
        }
    }
}
