package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.omnikernel.http.internal.json.BadRequest;
import org.omnikernel.http.internal.json.ManageBody;
import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.CpuAggregate;
import org.omnikernel.syscall.spi.KThread;
import org.omnikernel.syscall.spi.ProcessHandle;
import org.omnikernel.syscall.spi.ProcessService;
import org.omnikernel.syscall.spi.ProcessSpec;
import org.omnikernel.syscall.spi.ThreadStats;

/**
 * Processes over HTTP, through the process resource's exported {@link ProcessService}: list them
 * with their default CPU aggregate (its activity, TR instance, share, whether suspended) and
 * threads; start a program; kill, suspend and resume one.
 */
final class ProcessRoutes {

    /** The largest share a process may be started with (OKRT's cpushare range is wider; this keeps typos out). */
    static final long MAX_SHARE = 1_000_000;

    private final Supplier<ProcessService> processes;
    private final AuditedAction audited;

    ProcessRoutes(Supplier<ProcessService> processes, AuditedAction audited) {
        this.processes = processes;
        this.audited = audited;
    }

    void addTo(Route.Table table) {
        table.add("GET", "/api/processes", Route.Access.READ, x -> x.json(200, list()));
        table.add("POST", "/api/processes", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> start(x, fields)));
        table.add("POST", "/api/processes/kill", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> kill(x, fields)));
        table.add("POST", "/api/processes/suspend", Route.Access.EDIT,
                x -> audited.run(x, (caller, fields) -> suspend(x, fields, true)));
        table.add("POST", "/api/processes/resume", Route.Access.EDIT,
                x -> audited.run(x, (caller, fields) -> suspend(x, fields, false)));
    }

    private List<Map<String, Object>> list() throws Refusal {
        List<Map<String, Object>> all = new ArrayList<>();
        for (ProcessHandle p : service().processes()) {
            all.add(view(p));
        }
        return all;
    }

    static Map<String, Object> view(ProcessHandle p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("program", p.program());
        m.put("alive", p.isAlive());
        m.put("failure", p.failure() == null ? "" : p.failure());
        m.put("openRids", p.openRids());
        CpuAggregate cpua = p.defaultCpua();
        Map<String, Object> c = new LinkedHashMap<>();
        Activity activity = cpua.activity();
        c.put("activityId", activity.id());
        c.put("activity", activity.name());
        c.put("resource", cpua.resourceName());
        c.put("policy", cpua.policy());
        c.put("share", cpua.share());
        c.put("suspended", cpua.suspended());
        c.put("liveThreads", cpua.liveThreads());
        m.put("cpua", c);
        List<Map<String, Object>> threads = new ArrayList<>();
        long cpuNanos = 0;
        for (KThread t : p.threads()) {
            ThreadStats s = t.stats();
            cpuNanos += s.cpuNanos();
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id());
            tm.put("name", t.name());
            tm.put("cpuNanos", s.cpuNanos());
            tm.put("threadCpuNanos", s.threadCpuNanos());
            tm.put("slices", s.slices());
            threads.add(tm);
        }
        m.put("cpuNanos", cpuNanos);
        m.put("threads", threads);
        return m;
    }

    private AuditedAction.Done start(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        ManageBody.ProcessStart body = x.body(ManageBody.ProcessStart.class);
        String program = ManageBody.required("program", body.program());
        fields.put("program", program);
        List<String> args = body.args() == null ? List.of() : body.args();
        if (args.stream().anyMatch(java.util.Objects::isNull)) {
            throw new BadRequest("args", "args must be strings, not null");
        }
        fields.put("args", args);
        String policy = body.policy() == null ? ProcessSpec.DEFAULT_POLICY : body.policy();
        long share = body.share() == null ? ProcessSpec.DEFAULT_SHARE : ManageBody.within("share", body.share(), 1, MAX_SHARE);
        fields.put("policy", policy);
        fields.put("share", share);
        Result<ProcessHandle> started = service().start(ProcessSpec.of(program, args).withCpua(policy, share));
        if (!started.isOk()) {
            String field = switch (started.error()) {
                case NO_SUCH_PROGRAM -> "program";
                default -> null;
            };
            throw new Refusal(400, field, "the process resource refused to start " + program + ": " + started.message()
                    + " (" + started.error() + ")");
        }
        ProcessHandle p = started.value();
        return new AuditedAction.Done(201, view(p), "started process " + p.id() + " (" + program + " " + String.join(" ", args)
                + ") with " + policy + " share " + share);
    }

    private AuditedAction.Done kill(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        ManageBody.ProcessTarget body = x.body(ManageBody.ProcessTarget.class);
        ProcessHandle p = process(body, fields);
        long status = body.status() == null ? 137 : body.status();
        fields.put("status", status);
        p.kill(status);
        return new AuditedAction.Done(200, view(p), "killed process " + p.id() + " (" + p.program() + ") with status " + status);
    }

    private AuditedAction.Done suspend(Exchange x, Map<String, Object> fields, boolean suspend)
            throws BadRequest, Refusal, IOException {
        ManageBody.ProcessTarget body = x.body(ManageBody.ProcessTarget.class);
        if (body.status() != null) {
            throw new BadRequest("status", "status belongs to kill only");
        }
        ProcessHandle p = process(body, fields);
        CpuAggregate cpua = p.defaultCpua();
        if (cpua.suspended() == suspend) {
            throw new Refusal(409, "id", "process " + p.id() + " is " + (suspend ? "already suspended" : "not suspended"));
        }
        if (suspend) {
            cpua.suspend();
        } else {
            cpua.resume();
        }
        return new AuditedAction.Done(200, view(p), (suspend ? "suspended" : "resumed") + " process " + p.id() + " ("
                + p.program() + "): its CPU aggregate " + cpua.activity().name());
    }

    private ProcessHandle process(ManageBody.ProcessTarget body, Map<String, Object> fields) throws BadRequest, Refusal {
        long id = ManageBody.required("id", body.id());
        fields.put("id", id);
        for (ProcessHandle p : service().processes()) {
            if (p.id() == id) {
                return p;
            }
        }
        throw new Refusal(404, "id", "no live process " + id + "; GET /api/processes lists them");
    }

    private ProcessService service() throws Refusal {
        ProcessService s = processes.get();
        if (s == null) {
            throw new Refusal(503, null, "the process resource (PR) is not running: no ProcessService");
        }
        return s;
    }
}
