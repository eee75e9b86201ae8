package org.omnikernel.http.internal.json;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridEdit;

/** How edits and their outcomes look in JSON: each edit is its record's fields plus a {@code type}. */
public final class GridJson {

    private GridJson() {
    }

    /**
     * @param edit an edit
     * @return its route name: {@code swap}, {@code cores}, {@code cpushare}, {@code metric},
     *         {@code batch}, {@code activity-parameters} or {@code import}
     */
    public static String type(GridEdit edit) {
        if (edit instanceof GridEdit.Swap) {
            return "swap";
        } else if (edit instanceof GridEdit.SetCores) {
            return "cores";
        } else if (edit instanceof GridEdit.SetCpuShare) {
            return "cpushare";
        } else if (edit instanceof GridEdit.SetMetric) {
            return "metric";
        } else if (edit instanceof GridEdit.SetBatch) {
            return "batch";
        } else if (edit instanceof GridEdit.SetActivityParameters) {
            return "activity-parameters";
        }
        return edit.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * @param edit an edit
     * @return {@code {"type": …, …its fields}}
     */
    public static ObjectNode edit(GridEdit edit) {
        ObjectNode node = StrictJson.mapper().createObjectNode();
        node.put("type", type(edit));
        node.setAll((ObjectNode) StrictJson.mapper().valueToTree(edit));
        return node;
    }

    /**
     * @param outcome an applied edit
     * @return {@code {"applied": true, "edit": …, "description": …, "longestCorePauseNanos": …}}
     */
    public static Map<String, Object> outcome(EditOutcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", true);
        m.put("edit", edit(outcome.edit()));
        m.put("description", outcome.description());
        m.put("longestCorePauseNanos", outcome.longestCorePauseNanos());
        return m;
    }
}
