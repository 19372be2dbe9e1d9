// An application's settings, and whether they came from its file or are the defaults.
package dev.sysfault.samples.config;

import java.util.Map;

public record Config(Map<String, String> values, Source source) {

    public enum Source { FILE, DEFAULTS }

    public Config {
        values = Map.copyOf(values);
    }

    public int port() {
        return Integer.parseInt(values.get("server.port"));
    }

    public int workerThreads() {
        return Integer.parseInt(values.get("worker.threads"));
    }

    public String logLevel() {
        return values.get("log.level");
    }
}
