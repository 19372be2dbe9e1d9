// Lists every file under a directory, reporting the directories it could not read instead of giving up.
package dev.sysfault.samples.walk;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A walk of a tree, as a backup or an indexer does it: {@link java.nio.file.Files#walk} stops at the first
 * directory it cannot open or list, which would make one unreadable folder hide all the others. This walker
 * carries on and says which directories it skipped and why.
 */
public final class DirectoryWalker {

    private DirectoryWalker() {
    }

    /** The regular files under {@code root}, relative to it, and the directories that could not be read. */
    public static WalkReport walk(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        List<WalkReport.Skipped> skipped = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(root.relativize(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped.add(new WalkReport.Skipped(root.relativize(file), reason(e)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (e != null) {
                    skipped.add(new WalkReport.Skipped(root.relativize(dir), reason(e)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new WalkReport(files, skipped);
    }

    /** What went wrong, in the system's words ("Permission denied", "Operation not supported"). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
