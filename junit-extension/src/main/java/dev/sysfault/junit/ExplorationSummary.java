// The report of one exploration: points × errnos × outcome as Markdown under target/sysfault/, and a report entry.
package dev.sysfault.junit;

import dev.sysfault.explore.Candidate;
import dev.sysfault.explore.ExplorationPlan;
import dev.sysfault.explore.FailurePoint;
import dev.sysfault.fault.Errno;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One row per failure point, one column per errno (and {@code short}); a cell lists each run's outcome as
 * {@code occurrence mode: outcome}, mishandled ones in bold. Written to {@code <dir>/<class>.<method>.md}, where
 * the directory is the configuration parameter {@code sysfault.exploration.reportDir} (default
 * {@code target/sysfault/exploration}); the counts per outcome are a JUnit report entry too.
 */
final class ExplorationSummary {

    static final String REPORT_DIR = "sysfault.exploration.reportDir";

    private record Verdict(Candidate candidate, String outcome) {
    }

    private final String name;
    private ExplorationPlan plan;
    private Throwable faultFreeFailure;
    private final List<Verdict> verdicts = new ArrayList<>();

    ExplorationSummary(String name) {
        this.name = name;
    }

    synchronized void planned(ExplorationPlan planned) {
        plan = planned;
    }

    synchronized void faultFreeFailed(Throwable t) {
        faultFreeFailure = t;
    }

    synchronized void add(Candidate c, String outcome) {
        verdicts.add(new Verdict(c, outcome));
    }

    synchronized int runs() {
        return verdicts.size();
    }

    /** The mishandled outcomes; the others are {@code passed}, {@code threw-expected}, {@code aborted}, {@code not-fired}. */
    static boolean mishandled(String outcome) {
        return List.of("crash", "hang", "leak", "failed", "unexpected").contains(outcome);
    }

    synchronized void write(ExtensionContext context) {
        Map<String, Integer> counts = new TreeMap<>();
        verdicts.forEach(v -> counts.merge(v.outcome(), 1, Integer::sum));
        context.publishReportEntry("sysfault.exploration.outcomes", counts.isEmpty() ? "no faulted runs"
                : counts.toString());
        Path dir = Path.of(context.getConfigurationParameter(REPORT_DIR).orElse("target/sysfault/exploration"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".md");
            Files.writeString(file, markdown(counts), StandardCharsets.UTF_8);
            context.publishReportEntry("sysfault.exploration.report", file.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exploration report into " + dir, e);
        }
    }

    private String markdown(Map<String, Integer> counts) {
        StringBuilder s = new StringBuilder("# Fault exploration of " + name + "\n\n");
        if (faultFreeFailure != null) {
            return s.append("The fault-free run failed, so nothing was explored: ").append(faultFreeFailure)
                    .append('\n').toString();
        }
        s.append(plan.points().size()).append(" failure points, ").append(verdicts.size()).append(" runs");
        counts.forEach((outcome, n) -> s.append(", ").append(n).append(' ').append(outcome));
        s.append(plan.leftOutCount() == 0 ? "" : "; left out by the budget: " + plan.leftOut()).append(".\n\n");
        TreeSet<String> columns = new TreeSet<>();
        Map<FailurePoint, Map<String, List<String>>> cells = new LinkedHashMap<>();
        plan.points().forEach(p -> cells.put(p, new TreeMap<>()));
        for (Verdict v : verdicts) {
            String errno = v.candidate().errno().map(Errno::name).orElse("short");
            columns.add(errno);
            String word = mishandled(v.outcome()) ? "**" + v.outcome() + "**" : v.outcome();
            cells.get(v.candidate().point()).computeIfAbsent(errno, k -> new ArrayList<>())
                    .add("#" + v.candidate().occurrence() + " " + v.candidate().mode().word() + ": " + word);
        }
        s.append("| point |");
        columns.forEach(c -> s.append(' ').append(c).append(" |"));
        s.append("\n| --- |");
        columns.forEach(c -> s.append(" --- |"));
        s.append('\n');
        cells.forEach((point, row) -> {
            s.append("| ").append(point.toString().replace("|", "\\|")).append(point.deterministic() ? "" : " (varies)")
                    .append(" |");
            columns.forEach(c -> s.append(' ').append(String.join("<br>", row.getOrDefault(c, List.of()))).append(" |"));
            s.append('\n');
        });
        return s.toString();
    }
}
