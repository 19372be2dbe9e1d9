// Classes JUnit runs in parallel each get a worker container of their own, at the same time (sysfault.worker.containers).
package dev.sysfault.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.sysfault.container.fixtures.ParallelCases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@RequiresDocker
class ParallelContainersTest {

    private static final String IMAGE = "sysfault/debian:bookworm";

    @Test
    void twoClassesRunInTwoContainersAtOnce() throws Exception {
        assumeTrue(DockerEngine.hasImage(IMAGE), IMAGE + " is not built; ci/make-images builds it");
        Events events;
        CompletableFuture<List<String>> bodies;
        try (ServerSocket meeting = new ServerSocket(0)) {
            bodies = CompletableFuture.supplyAsync(() -> meet(meeting));
            System.setProperty(ParallelCases.MEETING, Integer.toString(meeting.getLocalPort()));   // a -D for the workers
            try {
                events = EngineTestKit.engine("junit-jupiter")
                        .selectors(selectClass(ParallelCases.First.class), selectClass(ParallelCases.Second.class))
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                        .configurationParameter("sysfault.worker.containers", "2")
                        .configurationParameter("sysfault.worker.timeout", "60s")
                        .execute().testEvents();
            } finally {
                System.clearProperty(ParallelCases.MEETING);
            }
        }
        List<String> met = bodies.join();   // the meeting point is closed: its thread has returned
        events.assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(met).as("the containers' hostnames, said by the bodies").hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void aNumberOfContainersThatIsNoneIsRefusedNamingTheParameter() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(ParallelCases.First.class))
                .configurationParameter("sysfault.worker.containers", "0").execute().testEvents()
                .assertThatEvents().haveExactly(1, event(test("meetsTheOther"), finishedWithFailure(message(
                        "configuration parameter sysfault.worker.containers=0 is not a number of containers from 1"
                                + " to 9999"))));
    }

    /** Takes two bodies' hostnames, then answers both with both. */
    private static List<String> meet(ServerSocket meeting) {
        List<Socket> sockets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            while (names.size() < 2) {
                Socket s = meeting.accept();
                sockets.add(s);
                names.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
                        .readLine());
            }
            for (Socket s : sockets) {
                new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(String.join(" ", names));
            }
            return names;
        } catch (IOException e) {
            return names;   // the meeting point closed: what was said so far
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket whose peer is gone
                }
            }
        }
    }
}
