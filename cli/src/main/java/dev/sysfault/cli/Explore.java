// `sysfault explore`: runs the exploration engine on a command and prints the findings, a summary and the JSON.
package dev.sysfault.cli;

import dev.sysfault.explore.CommandExploration;
import dev.sysfault.explore.ExplorationReport;
import dev.sysfault.explore.ExploredRun;
import dev.sysfault.explore.Observation;
import dev.sysfault.explore.Outcome;
import dev.sysfault.fault.internal.UserInput;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Exit 0 when nothing is mishandled, 1 when something is; see {@link Main} for the others. */
final class Explore {

    static final int MISHANDLED = 1;

    private Explore() {
    }

    static int run(ExploreOptions options, PrintStream out, PrintStream err) {
        Path json = null;
        if (options.json().isPresent()) {
            json = Path.of(options.json().get());
            try {
                Files.write(json, new byte[0]); // a file that cannot be written is a mistake in the arguments
            } catch (IOException | RuntimeException e) {
                err.println("sysfault: --json " + UserInput.plain(options.json().get()) + " cannot be written: "
                        + e.getMessage());
                return Main.USAGE;
            }
        }
        CommandExploration exploration = new CommandExploration(options.command(), Path.of("").toAbsolutePath(),
                options.plan(), options.timeout());
        ExplorationReport report;
        String program = UserInput.plain(options.command().get(0));
        try {
            report = exploration.explore(Progress.onTerminal(err));
        } catch (CommandExploration.BaselineFailed e) {
            err.println("sysfault: " + e.getMessage());
            return Main.FAILED;
        } catch (UncheckedIOException e) {
            err.println("sysfault: " + program + " could not be run: " + e.getMessage());
            return Main.NOT_FOUND;
        }
        for (ExplorationReport.Finding f : report.findings()) {
            ExploredRun r = f.first();
            out.println(f.outcome().word() + "\t" + r.candidate().spec() + "\t" + r.happened() + " ("
                    + r.candidate().title() + (f.runs() > 1 ? "; " + f.runs() + " runs" : "") + ")");
        }
        out.print(summary(report));
        if (json != null) {
            try {
                Files.writeString(json, RunsJson.of(options.command(), report));
            } catch (IOException e) {
                err.println("sysfault: --json " + UserInput.plain(options.json().get()) + " could not be written: "
                        + e.getMessage());
            }
        }
        return report.anyMishandled() ? MISHANDLED : 0;
    }

    static String summary(ExplorationReport report) {
        Map<Outcome, Integer> counts = report.counts();
        StringBuilder s = new StringBuilder();
        s.append("explored ").append(report.plan().points().size()).append(" points in ").append(report.runs().size())
                .append(" runs (").append(seconds(report.time())).append(", per-run timeout ")
                .append(seconds(report.runTimeout())).append("): ");
        s.append(counts.entrySet().stream().filter(e -> e.getKey() != Outcome.NOT_FIRED)
                .map(e -> e.getValue() + " " + e.getKey().word()).collect(Collectors.joining(", ")));
        if (counts.get(Outcome.NOT_FIRED) > 0) {
            s.append("; ").append(counts.get(Outcome.NOT_FIRED)).append(" faults never fired (not judged)");
        }
        s.append('\n');
        if (report.plan().points().isEmpty()) {
            s.append("the command made no call that exploration fails: none on a file, a socket or stdout with an"
                    + " errno its man page lists, or none that --syscalls and --errnos keep\n");
        }
        if (report.plan().leftOutCount() > 0) {
            s.append("the budget left out ").append(report.plan().leftOutCount()).append(" runs: ")
                    .append(report.plan().leftOut().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append(" (raise --budget, or narrow with --syscalls or --errnos)\n");
        }
        Observation baseline = report.baseline();
        if (baseline.exitCode() != 0 || baseline.stderr().length > 0) {
            s.append("without faults the command already exited ").append(baseline.exitCode())
                    .append(baseline.stderr().length > 0 ? " with a message on stderr" : "")
                    .append(": every run that does so counts as reported, not as a finding\n");
        }
        if (report.stdoutVaries()) {
            s.append("the two fault-free runs printed different things: no run was judged silent\n");
        }
        if (report.lostEvents() > 0) {
            s.append("the fault-free recordings lost ").append(report.lostEvents())
                    .append(" calls: some points may be missing\n");
        }
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
