// Loads an application's settings from a properties file, falling back to the defaults when there is none.
package dev.sysfault.samples.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A missing file is normal (a fresh install): the defaults apply. A file that exists but cannot be read is not:
 * starting with the defaults would silently ignore what the operator configured, so that is an error.
 */
public final class ConfigLoader {

    public static final Map<String, String> DEFAULTS = Map.of(
            "server.port", "8080",
            "worker.threads", "4",
            "log.level", "INFO");

    private ConfigLoader() {
    }

    /** The settings in {@code file} over the defaults, or the defaults alone when {@code file} does not exist. */
    public static Config load(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return new Config(values, Config.Source.DEFAULTS);
        } catch (IOException e) {
            throw new IOException("cannot read the configuration " + file + ": " + describe(e), e);
        }
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return new Config(values, Config.Source.FILE);
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
