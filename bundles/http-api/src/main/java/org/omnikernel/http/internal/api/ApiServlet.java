package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.omnikernel.http.access.AccessDeniedException;
import org.omnikernel.http.access.AuditLog;
import org.omnikernel.http.access.Caller;
import org.omnikernel.http.internal.audit.AuditFile;
import org.omnikernel.http.internal.auth.AccessService;
import org.omnikernel.http.internal.auth.SessionStore.Session;
import org.omnikernel.http.internal.experiment.ExperimentRunner;
import org.omnikernel.http.internal.json.BadRequest;
import org.omnikernel.http.internal.json.EditBody;
import org.omnikernel.http.internal.json.GridJson;
import org.omnikernel.http.internal.json.LoginBody;
import org.omnikernel.http.internal.json.StrictJson;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.grid.EditOutcome;
import org.omnikernel.okrt.grid.GridAdmin;
import org.omnikernel.okrt.grid.GridEdit;
import org.omnikernel.okrt.grid.GridEditException;
import org.omnikernel.okrt.scheduler.SchedulerFactory;
import org.omnikernel.syscall.spi.ProcessService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The JSON API under {@code /api}: reads of the grid and statistics, every {@link GridEdit}, login
 * sessions, the audit log and the statistics stream; bundles ({@link BundleRoutes}), processes
 * ({@link ProcessRoutes}) and experiments ({@link ExperimentRoutes}). Registered with the servlet whiteboard; the
 * routes are {@link #routes()}, described in {@code docs/openapi.yaml}.
 *
 * <pre>
 *   request ─▶ route (404 / 405) ─▶ access: READ mayRead · AUTHENTICATED caller · EDIT authorizeEdit
 *           ─▶ strict JSON body ─▶ GridAdmin.apply ─▶ 200 outcome | 400 {"error","field"}
 *           every edit, whatever the outcome ─▶ AuditLog.append
 * </pre>
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/*",
        "osgi.http.whiteboard.servlet.pattern=/api",
        "osgi.http.whiteboard.servlet.name=omnikernel-api",
        "osgi.http.whiteboard.servlet.asyncSupported=true"})
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** How long an edit may take to be applied on every core before the client gets 504. */
    static final long EDIT_TIMEOUT_SECONDS = 30;
    /** The kernel's own scheduler, always available, not a service. */
    static final String BUILTIN_SCHEDULER = "okrt.fifo";

    private final transient Map<String, Map<String, Route>> routes = new LinkedHashMap<>();
    private final transient Map<ServiceReference<SchedulerFactory>, String> schedulers = new java.util.concurrent.ConcurrentHashMap<>();
    // Made in init() and closed in destroy(): the whiteboard may take the servlet out of service
    // (and Jetty end its requests) before DS deactivates the component.
    private transient volatile StatisticsStream stream;

    @Reference
    private transient AccessService access;
    @Reference
    private transient AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Okrt okrt;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile GridAdmin grid;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile ProcessService processes;
    private transient volatile BundleContext bundleContext;
    private transient volatile ExperimentRunner experiments;
    private final transient AuditedAction audited = new AuditedAction(() -> access, () -> audit);

    /** Builds the route table. */
    public ApiServlet() {
        add("GET", "/api", Route.Access.READ, this::index);
        add("GET", "/api/grid", Route.Access.READ, x -> x.json(200, requireGrid().snapshot()));
        add("GET", "/api/grid/dump", Route.Access.READ, x -> x.json(200, Map.of("dump", requireGrid().snapshot().dump())));
        add("GET", "/api/grid/export", Route.Access.READ, x -> x.send(200, "application/xml", requireGrid().exportXml()));
        add("GET", "/api/statistics", Route.Access.READ, x -> x.json(200, requireOkrt().statistics()));
        add("GET", "/api/statistics/stream", Route.Access.READ, this::subscribe);
        add("GET", "/api/schedulers", Route.Access.READ, this::schedulerNames);
        add("GET", "/api/session", Route.Access.AUTHENTICATED, this::currentSession);
        add("POST", "/api/session", Route.Access.LOGIN, this::login);
        add("DELETE", "/api/session", Route.Access.EDIT, this::logout);
        add("GET", "/api/audit", Route.Access.AUTHENTICATED, this::auditRecords);
        edit("swap", EditBody.Swap.class);
        edit("cores", EditBody.Cores.class);
        edit("cpushare", EditBody.CpuShare.class);
        edit("metric", EditBody.Metric.class);
        edit("batch", EditBody.Batch.class);
        edit("activity-parameters", EditBody.ActivityParameters.class);
        edit("import", EditBody.Import.class);
        new BundleRoutes(() -> bundleContext, audited).addTo(this::add);
        new ProcessRoutes(() -> processes, audited).addTo(this::add);
        new ExperimentRoutes(() -> experiments, audited).addTo(this::add);
    }

    @Activate
    void activate(BundleContext context) {
        bundleContext = context;
        String home = context.getProperty(ExperimentRunner.HOME_PROPERTY);
        String names = context.getProperty(ExperimentRunner.NAMES_PROPERTY);
        experiments = new ExperimentRunner(home == null || home.isBlank() ? null : Path.of(home),
                names == null || names.isBlank() ? List.of() : List.of(names.trim().split("\\s*,\\s*")));
    }

    /** @return every route, {@code METHOD path}, in the order they were added */
    public List<String> routes() {
        List<String> all = new ArrayList<>();
        routes.forEach((path, byMethod) -> byMethod.keySet().forEach(m -> all.add(m + " " + path)));
        return all;
    }

    @Reference(service = SchedulerFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addScheduler(ServiceReference<SchedulerFactory> ref) {
        Object name = ref.getProperty(SchedulerFactory.NAME_PROPERTY);
        if (name != null) {
            schedulers.put(ref, name.toString());
        }
    }

    void removeScheduler(ServiceReference<SchedulerFactory> ref) {
        schedulers.remove(ref);
    }

    @Override
    public void init() {
        stream = new StatisticsStream(this::streamPayload);
    }

    /** Ends every statistics stream with a {@code close} event. */
    @Override
    public void destroy() {
        closeStreams();
    }

    @Deactivate
    void deactivate() {
        closeStreams();
        ExperimentRunner r = experiments;
        if (r != null) {
            r.close();
        }
    }

    private void closeStreams() {
        StatisticsStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange x = new Exchange(request, response);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            Map<String, Route> byMethod = routes.get(x.path());
            if (byMethod == null) {
                x.error(404, "no route " + x.path() + "; GET /api lists them", null);
                return;
            }
            Route route = byMethod.get(request.getMethod());
            if (route == null) {
                response.setHeader("Allow", String.join(", ", byMethod.keySet()));
                x.error(405, request.getMethod() + " is not allowed on " + x.path() + "; allowed: " + byMethod.keySet(), null);
                return;
            }
            if (route.access() == Route.Access.READ && !access.mayRead(request)) {
                x.error(401, access.readsOpen() ? "this server answers only to loopback host names"
                        : "reads need credentials here: log in (POST /api/session) or send Basic credentials", null);
                return;
            }
            if (route.access() == Route.Access.AUTHENTICATED && access.caller(request).isEmpty()) {
                x.error(401, "log in first (POST /api/session) or send Basic credentials", null);
                return;
            }
            route.handler().handle(x);
        } catch (AccessDeniedException e) {
            x.error(e.status(), e.getMessage(), null);
        } catch (BadRequest e) {
            x.error(400, e.getMessage(), e.field());
        } catch (Exchange.UnsupportedMediaType e) {
            x.error(415, e.getMessage(), null);
        } catch (Unavailable e) {
            x.error(503, e.getMessage(), null);
        } catch (Refusal e) {
            x.error(e.status(), e.getMessage(), e.field());
        }
    }

    // ---- reads -------------------------------------------------------------------------------------

    private void index(Exchange x) throws IOException {
        x.json(200, Map.of("routes", routes(), "openapi", "docs/openapi.yaml"));
    }

    private void schedulerNames(Exchange x) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        list.add(Map.of("name", BUILTIN_SCHEDULER, "builtin", true));
        new TreeMap<>(invert()).forEach((name, bundle) -> list.add(Map.of("name", name, "builtin", false, "bundle", bundle)));
        x.json(200, list);
    }

    private Map<String, String> invert() {
        Map<String, String> byName = new java.util.HashMap<>();
        schedulers.forEach((ref, name) -> byName.put(name, ref.getBundle() == null ? "" : ref.getBundle().getSymbolicName()));
        return byName;
    }

    private void subscribe(Exchange x) throws IOException, BadRequest {
        int millis = intParameter(x, "intervalMillis", 1000, StatisticsStream.MIN_INTERVAL_MS, StatisticsStream.MAX_INTERVAL_MS);
        StatisticsStream s = stream;
        if (s == null || !s.subscribe(x, millis)) {
            throw new Unavailable("the statistics stream is full (" + StatisticsStream.MAX_SUBSCRIBERS + " subscribers) or stopping");
        }
    }

    private Object streamPayload() {
        Map<String, Object> event = new LinkedHashMap<>();
        Okrt k = okrt;
        GridAdmin g = grid;
        event.put("statistics", k == null ? null : k.statistics());
        event.put("grid", g == null ? null : g.snapshot());
        return event;
    }

    private void auditRecords(Exchange x) throws IOException, BadRequest {
        int limit = intParameter(x, "limit", 100, 1, AuditFile.KEPT);
        x.json(200, audit.recent(limit).stream().map(AuditFile::toMap).toList());
    }

    // ---- sessions ----------------------------------------------------------------------------------

    private void currentSession(Exchange x) throws IOException {
        Optional<Session> session = access.session(x.request);
        Caller caller = access.caller(x.request).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", caller.user());
        body.put("method", caller.method());
        session.ifPresent(s -> body.put("csrfToken", s.csrfToken()));
        x.json(200, body);
    }

    private void login(Exchange x) throws IOException, BadRequest, AccessDeniedException {
        LoginBody body = x.body(LoginBody.class).checked();
        Session session;
        try {
            session = access.login(x.request, body.user(), body.password());
        } catch (AccessDeniedException e) {
            record(x, body.user(), Map.of("user", body.user()), "denied", e.status(), e.getMessage());
            throw e;
        }
        record(x, body.user(), Map.of("user", body.user()), "applied", 200, "logged in");
        AccessService.setCookie(x.response, session, x.request.isSecure());
        x.json(200, Map.of("user", session.user(), "csrfToken", session.csrfToken()));
    }

    private void logout(Exchange x) throws IOException, AccessDeniedException {
        Caller caller = access.authorizeEdit(x.request);
        access.session(x.request).ifPresent(access::logout);
        AccessService.setCookie(x.response, null, x.request.isSecure());
        record(x, caller.user(), Map.of(), "applied", 204, "logged out");
        x.response.setStatus(204);
    }

    // ---- edits -------------------------------------------------------------------------------------

    private void edit(String name, Class<? extends EditBody> type) {
        add("POST", "/api/edits/" + name, Route.Access.EDIT, x -> applyEdit(x, type));
    }

    private void applyEdit(Exchange x, Class<? extends EditBody> type) throws IOException {
        Caller caller;
        try {
            caller = access.authorizeEdit(x.request);
        } catch (AccessDeniedException e) {
            record(x, AuditedAction.claimedUser(x.request), Map.of(), "denied", e.status(), e.getMessage());
            x.error(e.status(), e.getMessage(), null);
            return;
        }
        EditBody body;
        GridEdit edit;
        try {
            body = x.body(type);
            edit = body.toEdit();
        } catch (BadRequest e) {
            record(x, caller.user(), Map.of(), "refused", 400, e.getMessage());
            x.error(400, e.getMessage(), e.field());
            return;
        } catch (Exchange.UnsupportedMediaType e) {
            record(x, caller.user(), Map.of(), "refused", 415, e.getMessage());
            x.error(415, e.getMessage(), null);
            return;
        }
        Map<String, Object> fields = fields(body);
        GridAdmin g = grid;
        if (g == null) {
            String why = "the kernel's grid is not available (no GridAdmin service): is OKRT running?";
            record(x, caller.user(), fields, "refused", 503, why);
            x.error(503, why, null);
            return;
        }
        try {
            EditOutcome outcome = g.apply(edit).toCompletableFuture().get(EDIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            record(x, caller.user(), fields, "applied", 200, outcome.description());
            x.json(200, GridJson.outcome(outcome));
        } catch (GridEditException e) {
            refused(x, caller, fields, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GridEditException refusal) {
                refused(x, caller, fields, refusal);
            } else {
                String why = "the kernel failed to apply the edit: " + e.getCause();
                record(x, caller.user(), fields, "failed", 500, why);
                x.error(500, why, null);
            }
        } catch (TimeoutException e) {
            String why = "the edit was not applied on every core within " + EDIT_TIMEOUT_SECONDS + " s; see GET /api/grid";
            record(x, caller.user(), fields, "timeout", 504, why);
            x.error(504, why, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.error(503, "interrupted", null);
        }
    }

    private void refused(Exchange x, Caller caller, Map<String, Object> fields, GridEditException e) throws IOException {
        record(x, caller.user(), fields, "refused", 400, e.getMessage());
        x.error(400, e.getMessage(), e.field());
    }

    private static Map<String, Object> fields(EditBody body) {
        Map<String, Object> m = StrictJson.mapper().convertValue(body, new TypeReference<LinkedHashMap<String, Object>>() { });
        m.values().removeIf(v -> v == null);
        return m;
    }

    private void record(Exchange x, String user, Map<String, Object> request, String outcome, int status, String message) {
        audited.record(x, user, request, outcome, status, message);
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    /** @return the query parameter as a whole number within bounds, or its default when absent */
    private static int intParameter(Exchange x, String name, int absent, int min, int max) throws BadRequest {
        String text = x.request.getParameter(name);
        if (text == null) {
            return absent;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new BadRequest(name, name + " must be a whole number from " + min + " to " + max + ", got " + text);
    }

    private void add(String method, String path, Route.Access accessLevel, Route.Handler handler) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, new Route(method, path, accessLevel, handler));
    }

    private GridAdmin requireGrid() throws Unavailable {
        GridAdmin g = grid;
        if (g == null) {
            throw new Unavailable("the kernel's grid is not available (no GridAdmin service): is OKRT running?");
        }
        return g;
    }

    private Okrt requireOkrt() throws Unavailable {
        Okrt k = okrt;
        if (k == null) {
            throw new Unavailable("OKRT is not running (no Okrt service)");
        }
        return k;
    }

    /** A service the route needs is absent: 503. */
    private static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }
}
