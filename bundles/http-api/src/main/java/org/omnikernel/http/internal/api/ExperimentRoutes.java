package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.omnikernel.http.internal.experiment.ExperimentRun;
import org.omnikernel.http.internal.experiment.ExperimentRunner;
import org.omnikernel.http.internal.json.BadRequest;
import org.omnikernel.http.internal.json.ManageBody;

/** The seed's experiments, started from the running kernel in a child JVM (see {@link ExperimentRunner}). */
final class ExperimentRoutes {

    /** The longest run started over HTTP: an hour of samples. */
    static final int MAX_SECONDS = 3600;

    private final Supplier<ExperimentRunner> runner;
    private final AuditedAction audited;

    ExperimentRoutes(Supplier<ExperimentRunner> runner, AuditedAction audited) {
        this.runner = runner;
        this.audited = audited;
    }

    void addTo(Route.Table table) {
        table.add("GET", "/api/experiments", Route.Access.READ, x -> x.json(200, list()));
        table.add("POST", "/api/experiments", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> start(x, fields)));
        table.add("POST", "/api/experiments/stop", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> stop(x, fields)));
    }

    private Map<String, Object> list() throws Refusal {
        ExperimentRunner r = runner();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("available", r.names());
        m.put("unavailable", r.unavailable().orElse(""));
        m.put("runs", r.runs().stream().map(ExperimentRun::toMap).toList());
        return m;
    }

    private AuditedAction.Done start(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        ManageBody.ExperimentStart body = x.body(ManageBody.ExperimentStart.class);
        ExperimentRunner r = runner();
        String name = ManageBody.required("name", body.name());
        fields.put("name", name);
        if (!r.names().contains(name)) {
            throw new BadRequest("name", "no experiment \"" + name + "\"; known: " + String.join(", ", r.names()));
        }
        int seconds = (int) ManageBody.within("seconds", ManageBody.required("seconds", body.seconds()), 1, MAX_SECONDS);
        fields.put("seconds", seconds);
        if (body.mode() != null) {
            if (!body.mode().matches("[a-z]{1,20}")) {
                throw new BadRequest("mode", "mode must be a word such as processes or synthetic, got " + body.mode());
            }
            fields.put("mode", body.mode());
        }
        if (body.cores() != null) {
            fields.put("cores", ManageBody.within("cores", body.cores(), 1, 1024));
        }
        if (r.unavailable().isPresent()) {
            throw new Refusal(503, null, r.unavailable().get());
        }
        ExperimentRun run;
        try {
            run = r.start(name, seconds, body.mode(), body.cores());
        } catch (IllegalStateException e) {
            throw new Refusal(409, null, e.getMessage());
        }
        return new AuditedAction.Done(201, run.toMap(), "started experiment " + name + " (run " + run.id() + ", " + seconds
                + " s) in a child JVM");
    }

    private AuditedAction.Done stop(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        ManageBody.ExperimentStop body = x.body(ManageBody.ExperimentStop.class);
        long id = ManageBody.required("run", body.run());
        fields.put("run", id);
        ExperimentRun run = runner().run(id).orElseThrow(() -> new Refusal(404, "run", "no experiment run " + id));
        if (!run.running()) {
            throw new Refusal(409, "run", "experiment run " + id + " has ended (" + run.state() + ")");
        }
        run.stop();
        return new AuditedAction.Done(200, run.toMap(), "stopping experiment run " + id);
    }

    private ExperimentRunner runner() throws Refusal {
        ExperimentRunner r = runner.get();
        if (r == null) {
            throw new Refusal(503, null, "the API is not active");
        }
        return r;
    }
}
