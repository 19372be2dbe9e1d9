// Every run of an exploration as JSON, for `sysfault explore --json FILE`.
package dev.sysfault.cli;

import dev.sysfault.explore.ExplorationReport;
import dev.sysfault.explore.ExploredRun;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code {"command": [...], "points": N, "runTimeoutMs": N, "leftOut": {...}, "runs": [{"spec", "title",
 * "outcome", "happened", "exitCode", "fired", "ms"}, ...]}}.
 */
final class RunsJson {

    private RunsJson() {
    }

    static String of(List<String> command, ExplorationReport report) {
        StringBuilder s = new StringBuilder("{\n  \"command\": [");
        s.append(command.stream().map(RunsJson::string).collect(Collectors.joining(", "))).append("],\n");
        s.append("  \"points\": ").append(report.plan().points().size()).append(",\n");
        s.append("  \"runTimeoutMs\": ").append(report.runTimeout().toMillis()).append(",\n");
        s.append("  \"leftOut\": {").append(report.plan().leftOut().entrySet().stream()
                .map(e -> string(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining(", "))).append("},\n");
        s.append("  \"runs\": [");
        String separator = "\n";
        for (ExploredRun r : report.runs()) {
            s.append(separator).append("    {\"spec\": ").append(string(r.candidate().spec()))
                    .append(", \"title\": ").append(string(r.candidate().title()))
                    .append(", \"outcome\": ").append(string(r.outcome().word()))
                    .append(", \"happened\": ").append(string(r.happened()))
                    .append(", \"exitCode\": ").append(r.observation().exitCode())
                    .append(", \"fired\": ").append(r.observation().fired())
                    .append(", \"ms\": ").append(r.time().toMillis()).append('}');
            separator = ",\n";
        }
        return s.append("\n  ]\n}\n").toString();
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    static String string(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
