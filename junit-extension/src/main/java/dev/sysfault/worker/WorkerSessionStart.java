// Starts a worker when a launcher session opens, before discovery, so that a run's first faulted test finds it sooner.
package dev.sysfault.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Registered through {@code META-INF/services}, like {@link WorkerPrestart}, which decides when the plan is made:
 * the worker is kept if the plan holds a faulted test (and restarted if the plan's settings differ), else closed.
 * Everything happens in the background; a worker JVM's own sessions start nothing.
 */
public final class WorkerSessionStart implements LauncherSessionListener {

    private static final String PROPERTIES_FILE = "junit-platform.properties";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Workers.inWorker()) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        SpareWorker.prepareEarly(() -> settings(loader));
    }

    /**
     * The settings as the plan will most likely have them, before there is one: a system property, else
     * {@value #PROPERTIES_FILE} (a discovery request's own parameters, which come first, are not known yet).
     */
    private static WorkerSettings settings(ClassLoader loader) {
        Properties file = new Properties();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(PROPERTIES_FILE)) {
            if (in != null) {
                file.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return WorkerSettings.from(key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(file.getProperty(key))));
    }
}
