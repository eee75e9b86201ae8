package org.omnikernel.okrt;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A resource's name and the request types it answers (the seed's {@code resource_interface_t},
 * Fig 3.6): for each type, the argument types and the handler OKRT invokes on delivery.
 *
 * <pre>{@code
 * ResourceInterface.named("resource.echo")
 *     .request("ECHO", (ctx, m) -> ctx.reply(m, "ECHO_DONE", m.argument(0, String.class)), String.class)
 *     .build();
 * }</pre>
 *
 * <p>A resource that discovers the activity of the work it does (packet demultiplexing, interrupts)
 * declares itself {@linkplain Builder#infrastructure() infrastructure}: it may send on behalf of any
 * activity and attribute its own execution retrospectively (seed §3.3.2).
 */
public final class ResourceInterface {

    /**
     * The request type OKRT delivers to a sender whose message could not be delivered after it was
     * queued (its destination went away, or the activity ended). Arguments: the undelivered
     * {@link Message} and a {@link String} reason. A resource that does not declare it has such
     * notices counted in its statistics instead.
     */
    public static final String UNDELIVERABLE = "okrt.undeliverable";

    private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]*");

    /**
     * One request type of an interface.
     *
     * @param type          the request type's name
     * @param argumentTypes the declared argument types, checked at send
     * @param handler       the function OKRT invokes
     */
    public record Request(String type, List<Class<?>> argumentTypes, RequestHandler handler) {
    }

    private final String name;
    private final boolean infrastructure;
    private final Map<String, Request> requests;
    private final java.util.Set<Metric> reports;

    private ResourceInterface(String name, boolean infrastructure, Map<String, Request> requests,
            java.util.Set<Metric> reports) {
        this.name = name;
        this.infrastructure = infrastructure;
        this.requests = requests;
        this.reports = reports;
    }

    /**
     * @param name the resource's name, dotted lower case such as {@code resource.tcp}
     * @return a builder
     * @throws IllegalArgumentException when the name is not of that form
     */
    public static Builder named(String name) {
        Objects.requireNonNull(name, "name");
        if (!RESOURCE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("resource name \"" + name
                    + "\" must be dotted lower case, such as resource.tcp");
        }
        return new Builder(name);
    }

    /** @return the resource's name */
    public String name() {
        return name;
    }

    /** @return whether the resource may attribute work to activities it discovers */
    public boolean infrastructure() {
        return infrastructure;
    }

    /**
     * @param type a request type's name
     * @return its declaration, or null when the interface has none
     */
    public Request request(String type) {
        return requests.get(type);
    }

    /** @return the declared request types, in declaration order */
    public List<Request> requests() {
        return List.copyOf(requests.values());
    }

    /**
     * @return the metrics the resource reports from its handlers ({@link ExecutionContext#record}),
     *         besides cpu and memory, which OKRT measures
     */
    public java.util.Set<Metric> reports() {
        return reports;
    }

    /**
     * @param metric a metric
     * @return whether records of it exist for this resource: cpu, memory, or one it reports
     */
    public boolean measures(Metric metric) {
        return metric.equals(Metric.CPU) || metric.equals(Metric.MEMORY) || reports.contains(metric);
    }

    /** Builds a {@link ResourceInterface}. */
    public static final class Builder {
        private final String name;
        private boolean infrastructure;
        private final Map<String, Request> requests = new LinkedHashMap<>();
        private final java.util.Set<Metric> reports = new java.util.LinkedHashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Declares a request type.
         *
         * @param type          its name
         * @param handler       the function to invoke on delivery
         * @param argumentTypes the argument types, in order (primitive wrappers for numbers)
         * @return this builder
         * @throws IllegalArgumentException when the type is declared twice or badly named
         */
        public Builder request(String type, RequestHandler handler, Class<?>... argumentTypes) {
            Objects.requireNonNull(handler, "handler");
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new IllegalArgumentException("request type \"" + type + "\" of " + name + " is not an identifier");
            }
            Request r = new Request(type, Collections.unmodifiableList(Arrays.asList(argumentTypes.clone())), handler);
            if (requests.putIfAbsent(type, r) != null) {
                throw new IllegalArgumentException("request type " + type + " declared twice in " + name);
            }
            return this;
        }

        /**
         * Marks the resource as infrastructure: it discovers activities and may attribute to them.
         *
         * @return this builder
         */
        public Builder infrastructure() {
            this.infrastructure = true;
            return this;
        }

        /**
         * Declares metrics the resource reports from its handlers, such as {@link Metric#NBYTES}, so
         * that a scheduler can share the resource by them.
         *
         * @param metrics the metrics
         * @return this builder
         * @throws IllegalArgumentException for cpu or memory, which OKRT measures itself
         */
        public Builder reports(Metric... metrics) {
            for (Metric m : metrics) {
                if (m.equals(Metric.CPU) || m.equals(Metric.MEMORY)) {
                    throw new IllegalArgumentException(name + " cannot report " + m + ": OKRT measures it around every handler");
                }
                reports.add(m);
            }
            return this;
        }

        /** @return the interface */
        public ResourceInterface build() {
            return new ResourceInterface(name, infrastructure, Collections.unmodifiableMap(new LinkedHashMap<>(requests)),
                    java.util.Set.copyOf(reports));
        }
    }
}
