package org.omnikernel.http.internal.json;

import java.util.LinkedHashMap;
import java.util.Map;

import org.omnikernel.okrt.grid.GridEdit;

/**
 * The JSON body of one edit route; each maps to one {@link GridEdit}. Jackson reads them through
 * their canonical constructors; {@link #toEdit()} checks what Jackson cannot (required fields,
 * null values).
 */
public sealed interface EditBody {

    /**
     * @return the edit it asks for
     * @throws BadRequest naming a missing or empty field
     */
    GridEdit toEdit() throws BadRequest;

    /** {@code POST /api/edits/swap}. */
    record Swap(String target, String scheduler, Map<String, String> parameters) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.Swap(required("target", target), required("scheduler", scheduler),
                    copyParameters("parameters", parameters));
        }
    }

    /** {@code POST /api/edits/cores}. */
    record Cores(String target, String cores) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.SetCores(required("target", target), required("cores", cores));
        }
    }

    /** {@code POST /api/edits/cpushare}. */
    record CpuShare(String target, Long cpushare) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.SetCpuShare(required("target", target), required("cpushare", cpushare));
        }
    }

    /** {@code POST /api/edits/metric}. */
    record Metric(String target, String metric) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.SetMetric(required("target", target), required("metric", metric));
        }
    }

    /** {@code POST /api/edits/batch}. */
    record Batch(String target, Integer batch) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.SetBatch(required("target", target), required("batch", batch));
        }
    }

    /** {@code POST /api/edits/activity-parameters}: target is the activity's id, in decimal. */
    record ActivityParameters(String target, Map<String, String> parameters) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            String id = required("target", target);
            if (!id.matches("\\d{1,19}")) {
                throw new BadRequest("target", "target \"" + id + "\" is not an activity id (a decimal number)");
            }
            if (parameters == null || parameters.isEmpty()) {
                throw new BadRequest("parameters", "parameters is missing or empty; give at least one name and value");
            }
            return new GridEdit.SetActivityParameters(id, copyParameters("parameters", parameters));
        }
    }

    /** {@code POST /api/edits/import}: a whole {@code schedulerconfig} document. */
    record Import(String source, String xml) implements EditBody {
        @Override
        public GridEdit toEdit() throws BadRequest {
            return new GridEdit.Import(source == null || source.isBlank() ? "http" : source, required("xml", xml));
        }
    }

    private static <T> T required(String field, T value) throws BadRequest {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new BadRequest(field, field + " is missing");
        }
        return value;
    }

    private static Map<String, String> copyParameters(String field, Map<String, String> values) throws BadRequest {
        if (values == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() == null) {
                throw new BadRequest(field + "." + e.getKey(), "parameter \"" + e.getKey() + "\" has no value; give a string");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }
}
