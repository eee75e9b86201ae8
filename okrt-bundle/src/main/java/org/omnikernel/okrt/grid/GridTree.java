package org.omnikernel.okrt.grid;

import java.util.List;
import java.util.Locale;

import org.omnikernel.okrt.grid.GridSnapshot.SchedulerView;

/** Renders {@link GridSnapshot#dump()}: one line per scheduler, children indented under parents. */
final class GridTree {

    private GridTree() {
    }

    static String render(GridSnapshot g) {
        StringBuilder out = new StringBuilder();
        for (GridSnapshot.CoreView c : g.cores()) {
            out.append(String.format(Locale.ROOT, "core %d  busy %5.1f %%%n", c.core(), 100 * c.busy()));
        }
        g.schedulers().stream().filter(s -> s.parent().isEmpty()).forEach(s -> scheduler(g, s, 0, out));
        if (!g.paths().isEmpty()) {
            out.append("paths\n");
            for (GridSnapshot.PathView p : g.paths()) {
                out.append(String.format(Locale.ROOT, "  %s -> %s  %.0f msg/s  %.0f B/s%n", p.source(), p.destination(),
                        p.messagesPerSecond(), p.bytesPerSecond()));
            }
        }
        for (GridSnapshot.DeviceView d : g.devices()) {
            out.append("device ").append(d.name()).append(" (").append(d.type()).append(", ").append(d.driver())
                    .append(") ").append(d.resources()).append('\n');
        }
        return out.toString();
    }

    private static void scheduler(GridSnapshot g, SchedulerView s, int depth, StringBuilder out) {
        String indent = "  ".repeat(depth);
        out.append(indent).append(s.target()).append("  ").append(s.scheduler());
        if (!s.parameters().isEmpty()) {
            out.append(' ').append(s.parameters());
        }
        out.append("  metric=").append(s.metric()).append(" cores=").append(s.cores()).append(" batch=").append(s.batch());
        if (s.kind() != GridSnapshot.Kind.CPU) {
            out.append(" cpushare=").append(s.cpushare());
        }
        out.append('\n');
        for (GridSnapshot.ClientView c : s.clients()) {
            if (c.activityId() != 0) {
                out.append(String.format(Locale.ROOT, "%s  · %s  %.1f %%%n", indent, c.client(), 100 * c.share()));
            }
        }
        List<SchedulerView> children = g.schedulers().stream().filter(k -> k.parent().equals(s.target())).toList();
        for (SchedulerView child : children) {
            scheduler(g, child, depth + 1, out);
        }
    }
}
