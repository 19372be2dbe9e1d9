// Every attempt of a request failed: which, and how.
package dev.sysfault.samples.http;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Thrown by {@link RetryingHttpClient} once it has given up; {@link #failures()} has one line per attempt. */
public final class ServiceUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // List.copyOf's lists are serializable; javac sees only the List type
    private final List<String> failures;

    public ServiceUnavailableException(URI uri, List<String> failures) {
        super("GET " + uri + " failed " + failures.size() + (failures.size() == 1 ? " time: " : " times: ")
                + String.join("; ", failures));
        this.failures = List.copyOf(failures);
    }

    /** What each attempt met, in order: "ConnectException: Connection refused", "no answer within 500 ms". */
    public List<String> failures() {
        return failures;
    }
}
