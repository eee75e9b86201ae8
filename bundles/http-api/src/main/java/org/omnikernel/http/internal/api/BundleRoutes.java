package org.omnikernel.http.internal.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.omnikernel.http.internal.json.BadRequest;
import org.omnikernel.http.internal.json.ManageBody;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Bundles over HTTP: list them; install one from an uploaded jar; start, stop, update, uninstall.
 * The framework decides; its reason is the answer when it refuses. An upload that is not a bundle or
 * does not resolve is uninstalled again, so a refused install leaves the framework as it was.
 *
 * <pre>
 *   POST /api/bundles?name=F (jar bytes) ─▶ installBundle ─ BundleException ─▶ 400 the framework's reason
 *        ├─ no Bundle-SymbolicName ─▶ uninstall ─▶ 400 not a bundle
 *        ├─ resolveBundles false   ─▶ uninstall ─▶ 400 the resolver's reason (from start())
 *        └▶ 201 the bundle, INSTALLED or RESOLVED (start it with POST /api/bundles/start)
 * </pre>
 */
final class BundleRoutes {

    /** The largest jar accepted. */
    static final int MAX_JAR_BYTES = 64 << 20;
    /** How long an update waits for the framework to refresh the bundle before it answers. */
    static final long REFRESH_WAIT_SECONDS = 30;
    /** Where uploaded bundles are installed from, as their location. */
    static final String LOCATION_PREFIX = "http-upload:";
    /** A device driver's service, by name: the API does not import the HAL for a label. */
    static final String DEVICE_SERVICE = "org.omnikernel.hal.device.Device";

    private final Supplier<BundleContext> context;
    private final AuditedAction audited;

    BundleRoutes(Supplier<BundleContext> context, AuditedAction audited) {
        this.context = context;
        this.audited = audited;
    }

    void addTo(Route.Table table) {
        table.add("GET", "/api/bundles", Route.Access.READ, x -> x.json(200, list()));
        table.add("POST", "/api/bundles", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> install(x, fields)));
        table.add("POST", "/api/bundles/start", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> start(x, fields)));
        table.add("POST", "/api/bundles/stop", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> stop(x, fields)));
        table.add("POST", "/api/bundles/update", Route.Access.EDIT, x -> audited.run(x, (caller, fields) -> update(x, fields)));
        table.add("POST", "/api/bundles/uninstall", Route.Access.EDIT,
                x -> audited.run(x, (caller, fields) -> uninstall(x, fields)));
    }

    // ---- reads ---------------------------------------------------------------------------------------

    private List<Map<String, Object>> list() throws Refusal {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            all.add(view(b));
        }
        return all;
    }

    static Map<String, Object> view(Bundle b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.getBundleId());
        m.put("symbolicName", b.getSymbolicName() == null ? "" : b.getSymbolicName());
        m.put("version", b.getVersion().toString());
        String name = b.getHeaders("").get(Constants.BUNDLE_NAME);
        m.put("name", name == null ? "" : name);
        m.put("state", state(b.getState()));
        m.put("location", b.getLocation());
        m.put("fragment", b.getHeaders("").get(Constants.FRAGMENT_HOST) != null);
        List<String> services = new ArrayList<>();
        boolean driver = false;
        ServiceReference<?>[] refs = b.getState() == Bundle.UNINSTALLED ? null : b.getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                for (String type : (String[]) ref.getProperty(Constants.OBJECTCLASS)) {
                    services.add(type);
                    driver |= type.startsWith(DEVICE_SERVICE);
                }
            }
        }
        m.put("driver", driver);
        m.put("services", services);
        return m;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    // ---- edits ---------------------------------------------------------------------------------------

    private AuditedAction.Done install(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        String file = fileName(x);
        fields.put("file", file);
        byte[] jar = x.bytes(MAX_JAR_BYTES);
        fields.put("bytes", jar.length);
        if (jar.length == 0) {
            throw new BadRequest("file", file + " is empty: send the jar's bytes as the body");
        }
        BundleContext ctx = context();
        Bundle b;
        try {
            b = ctx.installBundle(LOCATION_PREFIX + file + "@" + digest(jar), new ByteArrayInputStream(jar));
        } catch (BundleException | SecurityException | IllegalStateException e) {
            throw new Refusal(400, "file", "the framework refused " + file + ": " + reason(e));
        }
        if (b.getSymbolicName() == null) {
            uninstallQuietly(b);
            throw new Refusal(400, "file", file + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        String what = b.getSymbolicName() + " " + b.getVersion();
        fields.put("symbolicName", b.getSymbolicName());
        if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null
                && !ctx.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(b))) {
            String why = resolutionFailure(b);
            uninstallQuietly(b);
            throw new Refusal(400, "file", "the framework cannot resolve " + what + ", so it was not installed: " + why);
        }
        return new AuditedAction.Done(201, view(b), "installed " + what + " as bundle " + b.getBundleId());
    }

    private AuditedAction.Done start(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        Bundle b = target(x, fields);
        try {
            b.start();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal(400, "id", "the framework could not start " + label(b) + ": " + reason(e));
        }
        return new AuditedAction.Done(200, view(b), "started " + label(b));
    }

    private AuditedAction.Done stop(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        Bundle b = modifiable(target(x, fields), "stop");
        try {
            b.stop();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal(400, "id", "the framework could not stop " + label(b) + ": " + reason(e));
        }
        return new AuditedAction.Done(200, view(b), "stopped " + label(b));
    }

    private AuditedAction.Done update(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        long id = idParameter(x);
        fields.put("id", id);
        Bundle b = modifiable(bundle(id), "update");
        String file = fileName(x);
        fields.put("file", file);
        byte[] jar = x.bytes(MAX_JAR_BYTES);
        fields.put("bytes", jar.length);
        if (jar.length == 0) {
            throw new BadRequest("file", file + " is empty: send the jar's bytes as the body");
        }
        String before = label(b);
        try {
            b.update(new ByteArrayInputStream(jar));
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal(400, "file", "the framework could not update " + before + " from " + file + ": " + reason(e));
        }
        // The old revision stays wired to its importers until a refresh; let the framework do it now, and
        // answer once it is done, so that the state answered is the one the bundle is left in (a refresh
        // stops and restarts it, on the framework's own thread).
        boolean refreshed = refresh(b);
        return new AuditedAction.Done(200, view(b), "updated " + before + " to " + b.getVersion() + " from " + file
                + (refreshed ? "" : "; the framework's refresh was still under way after " + REFRESH_WAIT_SECONDS + " s"));
    }

    /** @return whether the framework finished refreshing the bundle within {@link #REFRESH_WAIT_SECONDS} */
    private boolean refresh(Bundle b) throws Refusal {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        context().getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), event -> done.countDown());
        try {
            return done.await(REFRESH_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private AuditedAction.Done uninstall(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        Bundle b = modifiable(target(x, fields), "uninstall");
        String what = label(b);
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new Refusal(400, "id", "the framework could not uninstall " + what + ": " + reason(e));
        }
        return new AuditedAction.Done(200, view(b), "uninstalled " + what);
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private Bundle target(Exchange x, Map<String, Object> fields) throws BadRequest, Refusal, IOException {
        ManageBody.BundleId body = x.body(ManageBody.BundleId.class);
        long id = ManageBody.required("id", body.id());
        fields.put("id", id);
        return bundle(id);
    }

    private Bundle bundle(long id) throws Refusal {
        Bundle b = context().getBundle(id);
        if (b == null) {
            throw new Refusal(404, "id", "no bundle " + id + "; GET /api/bundles lists them");
        }
        return b;
    }

    /** The framework and the bundle serving this API stay: stopping either from here would cut the caller off. */
    private Bundle modifiable(Bundle b, String verb) throws Refusal {
        if (b.getBundleId() == 0) {
            throw new Refusal(400, "id", "bundle 0 is the framework itself; " + verb + " it from the shell (stop 0)");
        }
        if (b.equals(context().getBundle())) {
            throw new Refusal(400, "id", label(b) + " serves this API; " + verb
                    + " it from the shell (okernel's Gogo), not through itself");
        }
        return b;
    }

    private static long idParameter(Exchange x) throws BadRequest {
        String text = x.request.getParameter("id");
        if (text == null) {
            throw new BadRequest("id", "id is missing: name the bundle to update with ?id=N");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequest("id", "id must be a bundle id (a whole number), got " + text);
        }
    }

    private static String fileName(Exchange x) throws BadRequest {
        String name = x.request.getParameter("name");
        if (name == null || name.isBlank()) {
            return "upload.jar";
        }
        if (name.length() > 200 || !name.matches("[A-Za-z0-9._+-]+")) {
            throw new BadRequest("name", "name must be a plain file name (letters, digits, . _ + -), at most 200 characters");
        }
        return name;
    }

    private static String label(Bundle b) {
        return "bundle " + b.getBundleId() + " (" + b.getSymbolicName() + " " + b.getVersion() + ")";
    }

    /** @return why the resolver cannot wire the bundle: the framework says so when asked to start it */
    private static String resolutionFailure(Bundle b) {
        try {
            b.start(Bundle.START_TRANSIENT);
            b.stop(Bundle.STOP_TRANSIENT); // resolved after all (another bundle arrived meanwhile)
            return "it resolved only on a second attempt; install it again";
        } catch (BundleException | IllegalStateException e) {
            return reason(e);
        }
    }

    private static void uninstallQuietly(Bundle b) {
        try {
            b.uninstall();
        } catch (BundleException | IllegalStateException e) {
            // already gone
        }
    }

    static String reason(Throwable e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            why.append(": ").append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return why.toString();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(java.util.Arrays.hashCode(bytes));
        }
    }

    private BundleContext context() throws Refusal {
        BundleContext c = context.get();
        if (c == null) {
            throw new Refusal(503, null, "the API is not active in a framework");
        }
        return c;
    }
}
