// An HTTP client that retries a GET when connecting fails, takes too long, or the server answers 5xx.
package dev.sysfault.samples.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each attempt has {@code attemptTimeout} to connect and answer; the caller waits no longer than that for it even
 * when the connection is stuck in the kernel, then the next attempt starts after {@code pause}. An abandoned attempt
 * is not cancelled (that would close its connection, which waits for a stuck connect to return): its own request
 * timeout ends it. After {@code attempts} failures, {@link ServiceUnavailableException} says what each attempt met.
 */
public final class RetryingHttpClient {

    private final HttpClient http;
    private final int attempts;
    private final Duration attemptTimeout;
    private final Duration pause;

    public RetryingHttpClient(int attempts, Duration attemptTimeout, Duration pause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.http = HttpClient.newBuilder().connectTimeout(attemptTimeout).build();
        this.attempts = attempts;
        this.attemptTimeout = attemptTimeout;
        this.pause = pause;
    }

    /** The body of a 200 answer to {@code GET uri}. */
    public String get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(attemptTimeout).GET().build();
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                Thread.sleep(pause.toMillis());
            }
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            try {
                HttpResponse<String> response = answer.get(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS);
                if (response.statusCode() == 200) {
                    return response.body();
                }
                if (response.statusCode() < 500) {
                    throw new IOException("GET " + uri + " answered " + response.statusCode());
                }
                failures.add("HTTP " + response.statusCode());
            } catch (TimeoutException e) {
                failures.add("no answer within " + attemptTimeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                failures.add(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
            }
        }
        throw new ServiceUnavailableException(uri, failures);
    }
}
