package org.omnikernel.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.omnikernel.itest.ping.api.PingProbe;
import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.SendResult;
import org.omnikernel.okrt.grid.GridAdmin;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/**
 * The HTTP API and /metrics with a real client ({@link java.net.http.HttpClient}) against the
 * running kernel: Felix HTTP on Jetty 12 at 127.0.0.1, OKRT with roundrobin, WFQ and strict
 * priority, the ping/pong resources and the API bundle, configured as the launcher does (a
 * credentials file holding a PBKDF2 hash, an audit log file).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT {

    private static final String USER = "operator";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String PORT_PROPERTY = "org.osgi.service.http.port";
    private static final String AUDIT_PROPERTY = "omnikernel.http.audit";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Configuration
    public Option[] config() {
        Path grid = Itest.writeConfig("http-schedulerconfig.xml", """
                <?xml version="1.0"?>
                <schedulerconfig batch="8">
                  <cpuscheduler scheduler="roundrobin" core="0-?"/>
                  <resourcescheduler resource="*" scheduler="roundrobin" core="0-?" cpushare="10000"/>
                </schedulerconfig>
                """);
        Path credentials = Itest.writeCredentials("http-credentials.properties", USER, PASSWORD);
        Path audit = credentials.resolveSibling("http-audit-" + System.nanoTime() + ".jsonl");
        List<String> extra = new ArrayList<>(List.of("wfq", "priority"));
        Collections.addAll(extra, Itest.HTTP_BUNDLES);
        return options(
                systemProperty(PORT_PROPERTY).value(Integer.toString(Itest.freePort())),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                systemProperty("omnikernel.http.credentials").value(credentials.toString()),
                systemProperty(AUDIT_PROPERTY).value(audit.toString()),
                systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("warn"),
                org.ops4j.pax.exam.CoreOptions.composite(Itest.kernelFramework(grid, extra.toArray(new String[0]))));
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Test
    public void readsAnswerJsonWithoutCredentialsOnLoopback() throws Exception {
        ApiClient api = api();
        HttpResponse<String> stats = api.get("/api/statistics");
        assertEquals(stats.body(), 200, stats.statusCode());
        assertTrue(stats.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("two cores", 2, json(stats).get("cores").size());

        HttpResponse<String> grid = api.get("/api/grid");
        assertEquals(grid.body(), 200, grid.statusCode());
        JsonNode g = json(grid);
        for (String list : new String[] {"cores", "schedulers", "resources", "paths", "activities", "devices"}) {
            assertTrue("the snapshot has " + list + ": " + grid.body(), g.get(list).isArray());
        }
        assertNotNull("resource.pong has a scheduler in the snapshot", scheduler(g, PingProbe.PONG));

        HttpResponse<String> dump = api.get("/api/grid/dump");
        assertEquals(200, dump.statusCode());
        assertTrue(dump.body(), json(dump).get("dump").asText().contains("okrt.cpu"));

        HttpResponse<String> export = api.get("/api/grid/export");
        assertEquals(200, export.statusCode());
        assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
        assertTrue(export.body(), export.body().contains("<schedulerconfig"));

        HttpResponse<String> names = api.get("/api/schedulers");
        assertEquals(200, names.statusCode());
        List<String> schedulers = new ArrayList<>();
        json(names).forEach(n -> schedulers.add(n.get("name").asText()));
        assertTrue(schedulers.toString(), schedulers.containsAll(List.of("okrt.fifo", "roundrobin", "propshare.wfq",
                "priority.strict")));

        assertEquals(404, api.get("/api/nothing-here").statusCode());
        HttpResponse<String> wrongMethod = api.post("/api/grid", "{}");
        assertEquals(405, wrongMethod.statusCode());
    }

    @Test
    public void serverListensOnLoopbackOnlyAndAnswersOnlyLoopbackHostNames() throws Exception {
        HttpServiceRuntime runtime = Itest.service(HttpServiceRuntime.class);
        Object endpoints = Itest.awaitService(HttpServiceRuntime.class, null).getProperty("osgi.http.endpoint");
        String text = endpoints instanceof String[] a ? String.join(",", a) : String.valueOf(endpoints);
        assertTrue("endpoint " + text, text.contains("127.0.0.1"));
        assertNotNull(runtime);

        InetAddress other = nonLoopbackAddress();
        Assume.assumeTrue("this machine has a non-loopback IPv4 address to try", other != null);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other, port()), 2000);
            fail("the server accepted a connection on " + other + ", not only on 127.0.0.1");
        } catch (ConnectException expected) {
            // refused: nothing listens there
        }

        // DNS rebinding: a page of another site that resolves to 127.0.0.1 sends its own Host.
        String answer = rawRequest("GET /api/grid HTTP/1.1\r\nHost: attacker.example:" + port()
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer, answer.startsWith("HTTP/1.1 401"));
    }

    // ---- edits and credentials -------------------------------------------------------------------

    @Test
    public void editsWithoutCredentialsOrWithAWrongPasswordAre401AndChangeNothing() throws Exception {
        ApiClient api = api();
        String before = schedulerNow(PingProbe.PONG);
        String swap = "{\"target\":\"resource.pong\",\"scheduler\":\"priority.strict\"}";

        HttpResponse<String> none = api.post("/api/edits/swap", swap);
        assertEquals(none.body(), 401, none.statusCode());
        assertTrue(json(none).get("error").asText().contains("log in"));

        HttpResponse<String> wrong = api.post("/api/edits/swap", swap, ApiClient.basic(USER, "wrong password"));
        assertEquals(wrong.body(), 401, wrong.statusCode());
        assertFalse("no Basic challenge that would make browsers remember passwords",
                wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        HttpResponse<String> login = api.post("/api/session", "{\"user\":\"" + USER + "\",\"password\":\"nope\"}");
        assertEquals(login.body(), 401, login.statusCode());
        assertTrue("no session for a wrong password", ApiClient.sessionCookie(login).isEmpty());

        assertEquals("nothing changed", before, schedulerNow(PingProbe.PONG));
        List<JsonNode> denied = auditLines("POST /api/edits/swap", "denied");
        assertTrue("refused attempts are audited: " + denied, denied.size() >= 2);
    }

    @Test
    public void basicCredentialsSwapASchedulerAndAnUnknownOneIsRefusedWithTheOldOneKept() throws Exception {
        ApiClient api = api();
        String[] auth = ApiClient.basic(USER, PASSWORD);
        HttpResponse<String> ok = api.post("/api/edits/swap",
                "{\"target\":\"resource.pong\",\"scheduler\":\"propshare.wfq\",\"parameters\":{}}", auth);
        assertEquals(ok.body(), 200, ok.statusCode());
        JsonNode outcome = json(ok);
        assertTrue(outcome.get("applied").asBoolean());
        assertEquals("swap", outcome.get("edit").get("type").asText());
        assertTrue(outcome.get("longestCorePauseNanos").asLong() >= 0);
        assertEquals("propshare.wfq", schedulerNow(PingProbe.PONG));

        HttpResponse<String> unknown = api.post("/api/edits/swap",
                "{\"target\":\"resource.pong\",\"scheduler\":\"no.such.policy\"}", auth);
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertEquals("scheduler", json(unknown).get("field").asText());
        assertTrue(unknown.body(), json(unknown).get("error").asText().contains("no.such.policy"));
        assertEquals("the old scheduler stays", "propshare.wfq", schedulerNow(PingProbe.PONG));

        HttpResponse<String> share = api.post("/api/edits/cpushare", "{\"target\":\"resource.pong\",\"cpushare\":5000}", auth);
        assertEquals(share.body(), 200, share.statusCode());
        assertEquals(5000, scheduler(grid(), PingProbe.PONG).get("cpushare").asLong());

        Okrt okrt = Itest.service(Okrt.class);
        Activity a = okrt.createActivity("http-weighted", Parameters.of("share", "1000"));
        try {
            HttpResponse<String> params = api.post("/api/edits/activity-parameters",
                    "{\"target\":\"" + a.id() + "\",\"parameters\":{\"share\":\"3000\"}}", auth);
            assertEquals(params.body(), 200, params.statusCode());
        } finally {
            okrt.terminate(a).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        assertTrue("the applied swap is audited with who and from where", auditLines("POST /api/edits/swap", "applied")
                .stream().anyMatch(l -> l.get("request").path("scheduler").asText().equals("propshare.wfq")
                        && l.get("user").asText().equals(USER) && l.get("remote").asText().equals("127.0.0.1")));
        List<JsonNode> refused = auditLines("POST /api/edits/swap", "refused");
        assertTrue("the refusal is audited with its reason", refused.stream()
                .anyMatch(l -> l.get("request").path("scheduler").asText().equals("no.such.policy")
                        && l.get("user").asText().equals(USER) && l.get("status").asInt() == 400));
    }

    @Test
    public void everyEditRouteReachesTheKernelAndItsRefusalsNameTheField() throws Exception {
        ApiClient api = api();
        String[] auth = ApiClient.basic(USER, PASSWORD);
        String ping = PingProbe.PING;

        assertApplied(api.post("/api/edits/batch", "{\"target\":\"" + ping + "\",\"batch\":4}", auth));
        assertEquals(4, scheduler(grid(), ping).get("batch").asInt());
        assertRefused(api.post("/api/edits/batch", "{\"target\":\"" + ping + "\",\"batch\":0}", auth), "batch");

        assertApplied(api.post("/api/edits/metric", "{\"target\":\"" + ping + "\",\"metric\":\"memory\"}", auth));
        assertEquals("memory", scheduler(grid(), ping).get("metric").asText());
        assertRefused(api.post("/api/edits/metric", "{\"target\":\"" + ping + "\",\"metric\":\"nbytes\"}", auth), "metric");
        assertEquals("a refused metric changes nothing", "memory", scheduler(grid(), ping).get("metric").asText());
        assertApplied(api.post("/api/edits/metric", "{\"target\":\"" + ping + "\",\"metric\":\"cpu\"}", auth));

        assertApplied(api.post("/api/edits/cores", "{\"target\":\"" + ping + "\",\"cores\":\"1\"}", auth));
        assertEquals("1", scheduler(grid(), ping).get("cores").asText());
        assertRefused(api.post("/api/edits/cores", "{\"target\":\"" + ping + "\",\"cores\":\"7-9\"}", auth), "cores");
        assertApplied(api.post("/api/edits/cores", "{\"target\":\"" + ping + "\",\"cores\":\"0-?\"}", auth));

        assertRefused(api.post("/api/edits/cpushare", "{\"target\":\"" + ping + "\",\"cpushare\":0}", auth), "cpushare");
        assertRefused(api.post("/api/edits/swap", "{\"target\":\"resource.none\",\"scheduler\":\"roundrobin\"}", auth),
                "target");

        String exported = api.get("/api/grid/export").body();
        assertApplied(api.post("/api/edits/import", JSON.writeValueAsString(Map.of("source", "exported.xml", "xml", exported)),
                auth));
        String bad = "<schedulerconfig><cpuscheduler scheduler=\"nosuch\" core=\"0-?\"/></schedulerconfig>";
        assertRefused(api.post("/api/edits/import", JSON.writeValueAsString(Map.of("xml", bad)), auth), "xml");
        assertEquals(exported, api.get("/api/grid/export").body());
    }

    // ---- bundles, processes, experiments -----------------------------------------------------------

    @Test
    public void bundlesAreInstalledStartedStoppedAndUninstalledAndRefusalsCarryTheFrameworksReason() throws Exception {
        ApiClient api = api();
        String[] auth = ApiClient.basic(USER, PASSWORD);
        byte[] bundle = manifestOnlyJar("org.omnikernel.itest.uploaded", null);

        HttpResponse<String> anonymous = upload(api, "/api/bundles?name=uploaded.jar", bundle);
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        assertFalse("nothing installed without credentials", api.get("/api/bundles").body().contains("itest.uploaded"));

        HttpResponse<String> notAJar = upload(api, "/api/bundles?name=notes.jar", "plain text".getBytes(), auth);
        assertEquals(notAJar.body(), 400, notAJar.statusCode());
        assertEquals("file", json(notAJar).get("field").asText());
        assertTrue(notAJar.body(), json(notAJar).get("error").asText().startsWith("the framework refused notes.jar: "));

        HttpResponse<String> unresolvable = upload(api, "/api/bundles?name=needs.jar",
                manifestOnlyJar("org.omnikernel.itest.needy", "org.example.nowhere"), auth);
        assertEquals(unresolvable.body(), 400, unresolvable.statusCode());
        assertTrue(unresolvable.body(), json(unresolvable).get("error").asText().contains("org.example.nowhere"));
        assertFalse("a refused bundle is not left installed", api.get("/api/bundles").body().contains("itest.needy"));

        HttpResponse<String> installed = upload(api, "/api/bundles?name=uploaded.jar", bundle, auth);
        assertEquals(installed.body(), 201, installed.statusCode());
        long id = json(installed).get("id").asLong();
        assertEquals("RESOLVED", json(installed).get("state").asText());
        assertEquals(Bundle.RESOLVED, Itest.context().getBundle(id).getState());

        HttpResponse<String> started = api.post("/api/bundles/start", "{\"id\":" + id + "}", auth);
        assertEquals(started.body(), 200, started.statusCode());
        assertEquals(Bundle.ACTIVE, Itest.context().getBundle(id).getState());
        HttpResponse<String> stopped = api.post("/api/bundles/stop", "{\"id\":" + id + "}", auth);
        assertEquals(stopped.body(), "RESOLVED", json(stopped).get("state").asText());
        HttpResponse<String> framework = api.post("/api/bundles/stop", "{\"id\":0}", auth);
        assertEquals(framework.body(), 400, framework.statusCode());
        assertEquals(Bundle.ACTIVE, Itest.context().getBundle(0).getState());
        HttpResponse<String> none = api.post("/api/bundles/start", "{\"id\":99999}", auth);
        assertEquals(none.body(), 404, none.statusCode());
        HttpResponse<String> removed = api.post("/api/bundles/uninstall", "{\"id\":" + id + "}", auth);
        assertEquals(removed.body(), 200, removed.statusCode());
        assertNull("uninstalled", Itest.context().getBundle(id));

        assertFalse(auditLines("POST /api/bundles", "applied").isEmpty());
        assertTrue(auditLines("POST /api/bundles", "refused").size() >= 2);
        assertFalse(auditLines("POST /api/bundles", "denied").isEmpty());
        assertFalse(auditLines("POST /api/bundles/uninstall", "applied").isEmpty());
    }

    /**
     * {@code POST /api/bundles/update} replaces resource.pong's bundle while PINGs flow at it: the new
     * version takes the resource over within the grace period, and every PING gets its PONG.
     */
    @Test
    public void aResourceBundleUpdatedOverHttpUnderLoadLosesNoMessage() throws Exception {
        ApiClient api = api();
        String[] auth = ApiClient.basic(USER, PASSWORD);
        Okrt okrt = Itest.service(Okrt.class);
        PingProbe probe = Itest.service(PingProbe.class);
        Itest.await("both resources attached", () -> okrt.resourceId(PingProbe.PING).isPresent()
                && okrt.resourceId(PingProbe.PONG).isPresent(), () -> String.valueOf(okrt.statistics().resources()));
        int pongId = okrt.resourceId(PingProbe.PONG).orElseThrow();
        Bundle pong = Itest.installedBundle("org.omnikernel.itest.pong");
        byte[] jar = Files.readAllBytes(Path.of(java.net.URI.create(pong.getLocation())));
        String update = "/api/bundles/update?id=" + pong.getBundleId() + "&name=pong.jar";

        HttpResponse<String> anonymous = upload(api, update, jar);
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        HttpResponse<String> noId = upload(api, "/api/bundles/update?name=pong.jar", jar, auth);
        assertEquals(noId.body(), 400, noId.statusCode());
        assertEquals("id", json(noId).get("field").asText());
        HttpResponse<String> empty = upload(api, update, new byte[0], auth);
        assertEquals(empty.body(), 400, empty.statusCode());
        assertEquals("file", json(empty).get("field").asText());

        int pings = 200_000;
        Activity a = okrt.createActivity("http-update", Parameters.EMPTY);
        try {
            assertEquals(SendResult.OK, okrt.send(a, PingProbe.PING, PingProbe.START, 1L, pings));
            Itest.await("the flow is under way", () -> probe.counts(a.id()).pongs() > 1000, () -> String.valueOf(probe.counts(a.id())));
            HttpResponse<String> updated = upload(api, update, jar, auth);
            assertEquals(updated.body(), 200, updated.statusCode());
            assertEquals("ACTIVE", json(updated).get("state").asText());
            Itest.await("every PING answered across the update", () -> probe.counts(a.id()).pongs() == pings,
                    () -> String.valueOf(probe.counts(a.id())));
            var c = probe.counts(a.id());
            assertEquals("each PING sent once: " + c, pings, c.attempted());
            assertEquals("nothing undeliverable: " + c, 0, c.undeliverable());
            assertEquals("no send refused: " + c, 0, c.failedSends());
            assertEquals("the new version took resource.pong over", pongId, (int) okrt.resourceId(PingProbe.PONG).orElseThrow());
        } finally {
            okrt.terminate(a).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        assertFalse(auditLines("POST /api/bundles/update", "applied").isEmpty());
        assertFalse(auditLines("POST /api/bundles/update", "denied").isEmpty());
        assertTrue(auditLines("POST /api/bundles/update", "refused").size() >= 2);
    }

    @Test
    public void processAndExperimentRoutesSayWhatIsMissingHere() throws Exception {
        ApiClient api = api();
        // this framework has no process resource, and was not started by the launcher
        HttpResponse<String> processes = api.get("/api/processes");
        assertEquals(processes.body(), 503, processes.statusCode());
        assertTrue(processes.body(), processes.body().contains("ProcessService"));
        HttpResponse<String> experiments = api.get("/api/experiments");
        assertEquals(experiments.body(), 200, experiments.statusCode());
        assertTrue(experiments.body(), json(experiments).get("unavailable").asText().contains("launcher"));
        HttpResponse<String> start = api.post("/api/experiments", "{\"name\":\"e1\",\"seconds\":3}",
                ApiClient.basic(USER, PASSWORD));
        assertEquals(start.body(), 400, start.statusCode());
        assertEquals("name", json(start).get("field").asText());
    }

    private static HttpResponse<String> upload(ApiClient api, String path, byte[] jar, String... headers) throws Exception {
        return api.client().send(api.request(path, headers).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bundle of nothing but its manifest; with an import when {@code imports} is not null. */
    private static byte[] manifestOnlyJar(String symbolicName, String imports) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        if (imports != null) {
            m.getMainAttributes().putValue("Import-Package", imports);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return out.toByteArray();
    }

    private static void assertApplied(HttpResponse<String> r) throws IOException {
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.body(), json(r).get("applied").asBoolean());
    }

    private static void assertRefused(HttpResponse<String> r, String field) throws IOException {
        assertEquals(r.body(), 400, r.statusCode());
        assertEquals(r.body(), field, json(r).get("field").asText());
    }

    @Test
    public void sessionEditsNeedTheCsrfTokenAndASameOrigin() throws Exception {
        ApiClient api = api();
        HttpResponse<String> login = api.post("/api/session",
                "{\"user\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(login.body(), 200, login.statusCode());
        Map<String, String> cookie = ApiClient.sessionCookie(login);
        assertTrue("HttpOnly: " + cookie, cookie.containsKey("httponly"));
        assertEquals("Strict", cookie.get("samesite"));
        assertEquals("/", cookie.get("path"));
        String token = json(login).get("csrfToken").asText();
        assertFalse(token.isEmpty());
        String[] session = {"Cookie", "okernel_session=" + cookie.get("value")};
        String body = "{\"target\":\"resource.ping\",\"cpushare\":7000}";
        long shareBefore = scheduler(grid(), PingProbe.PING).get("cpushare").asLong();

        HttpResponse<String> noToken = api.post("/api/edits/cpushare", body, session);
        assertEquals(noToken.body(), 403, noToken.statusCode());
        HttpResponse<String> badToken = api.post("/api/edits/cpushare", body,
                ApiClient.headers(session, new String[] {"X-CSRF-Token", token + "x"}));
        assertEquals(badToken.body(), 403, badToken.statusCode());
        HttpResponse<String> foreign = api.post("/api/edits/cpushare", body, ApiClient.headers(session,
                new String[] {"X-CSRF-Token", token, "Origin", "http://attacker.example"}));
        assertEquals(foreign.body(), 403, foreign.statusCode());
        HttpResponse<String> crossSite = api.post("/api/edits/cpushare", body, ApiClient.headers(session,
                new String[] {"X-CSRF-Token", token, "Sec-Fetch-Site", "cross-site"}));
        assertEquals(crossSite.body(), 403, crossSite.statusCode());
        HttpResponse<String> form = api.post("/api/edits/cpushare", "target=resource.ping&cpushare=7000",
                ApiClient.headers(session, new String[] {"X-CSRF-Token", token, "Content-Type",
                    "application/x-www-form-urlencoded"}));
        assertEquals(form.body(), 415, form.statusCode());
        assertEquals("nothing changed", shareBefore, scheduler(grid(), PingProbe.PING).get("cpushare").asLong());

        HttpResponse<String> sameOrigin = api.post("/api/edits/cpushare", body, ApiClient.headers(session,
                new String[] {"X-CSRF-Token", token, "Origin", api.base()}));
        assertEquals(sameOrigin.body(), 200, sameOrigin.statusCode());
        assertEquals(7000, scheduler(grid(), PingProbe.PING).get("cpushare").asLong());

        HttpResponse<String> who = api.get("/api/session", session);
        assertEquals(200, who.statusCode());
        assertEquals(token, json(who).get("csrfToken").asText());
        HttpResponse<String> audit = api.get("/api/audit?limit=5", session);
        assertEquals(200, audit.statusCode());
        assertTrue(json(audit).isArray());
        assertEquals("the audit log needs credentials", 401, api.get("/api/audit").statusCode());

        HttpResponse<String> logout = api.delete("/api/session", ApiClient.headers(session, new String[] {"X-CSRF-Token", token}));
        assertEquals(204, logout.statusCode());
        HttpResponse<String> after = api.post("/api/edits/cpushare", body,
                ApiClient.headers(session, new String[] {"X-CSRF-Token", token}));
        assertEquals("the session has ended", 401, after.statusCode());
    }

    @Test
    public void malformedJsonAndUnknownFieldsAre400NamingWhatWasWrong() throws Exception {
        ApiClient api = api();
        String[] auth = ApiClient.basic(USER, PASSWORD);
        String before = schedulerNow(PingProbe.PONG);
        HttpResponse<String> malformed = api.post("/api/edits/swap", "{\"target\":\"resource.pong\",", auth);
        assertEquals(malformed.body(), 400, malformed.statusCode());
        assertTrue(malformed.body(), json(malformed).get("error").asText().startsWith("malformed JSON"));

        HttpResponse<String> unknown = api.post("/api/edits/swap",
                "{\"target\":\"resource.pong\",\"scheduler\":\"roundrobin\",\"schedular\":\"x\"}", auth);
        assertEquals(unknown.body(), 400, unknown.statusCode());
        assertEquals("schedular", json(unknown).get("field").asText());
        assertTrue(unknown.body(), json(unknown).get("error").asText().contains("unknown field \"schedular\""));

        HttpResponse<String> wrongType = api.post("/api/edits/cpushare", "{\"target\":\"resource.pong\",\"cpushare\":\"5\"}", auth);
        assertEquals(wrongType.body(), 400, wrongType.statusCode());
        assertEquals("cpushare", json(wrongType).get("field").asText());

        HttpResponse<String> missing = api.post("/api/edits/swap", "{\"target\":\"resource.pong\"}", auth);
        assertEquals(missing.body(), 400, missing.statusCode());
        assertEquals("scheduler", json(missing).get("field").asText());
        assertEquals("refused edits change nothing", before, schedulerNow(PingProbe.PONG));
        assertTrue("bad input is audited as refused", auditLines("POST /api/edits/swap", "refused").stream()
                .anyMatch(l -> l.get("message").asText().contains("schedular")));
    }

    // ---- stream and metrics ------------------------------------------------------------------------

    @Test
    public void statisticsStreamDeliversEventsEverySecond() throws Exception {
        ApiClient api = api();
        HttpResponse<InputStream> stream = api.client().send(api.request("/api/statistics/stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while (events.size() < 2 && System.nanoTime() < deadline && (line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "statistics".equals(event)) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        assertEquals("two events within a few seconds", 2, events.size());
        assertTrue(events.get(0).get("statistics").get("cores").isArray());
        assertTrue(events.get(0).get("grid").get("schedulers").isArray());
        assertTrue(events.get(1).get("statistics").get("timestampNanos").asLong()
                > events.get(0).get("statistics").get("timestampNanos").asLong());
    }

    @Test
    public void stoppingTheApiBundleEndsOpenStreamsWithACloseEvent() throws Exception {
        ApiClient api = api();
        HttpResponse<InputStream> stream = api.client().send(
                api.request("/api/statistics/stream?intervalMillis=250").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        org.osgi.framework.Bundle http = Itest.installedBundle("org.omnikernel.http");
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                lines.add(line); // up to the first event's data: the stream is live
            }
            http.stop();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && (line = in.readLine()) != null) {
                lines.add(line);
            }
            assertTrue("the stream ended within 10 s", System.nanoTime() < deadline);
        } finally {
            http.start();
        }
        assertTrue("a close event ends it: " + lines, lines.contains("event: close"));
        api(); // answers again after the restart
    }

    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\")*\\})? "
                    + "(-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?");
    private static final Pattern HELP = Pattern.compile("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* ([^\\\\\\n]|\\\\[\\\\n])*");
    private static final Pattern TYPE = Pattern.compile("# TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram|summary|untyped)");

    @Test
    public void metricsFollowTheExpositionFormatAndCarryCoreResourceAndActivityFigures() throws Exception {
        Okrt okrt = Itest.service(Okrt.class);
        PingProbe probe = Itest.service(PingProbe.class);
        Itest.await("both resources attached", () -> okrt.resourceId(PingProbe.PING).isPresent()
                && okrt.resourceId(PingProbe.PONG).isPresent(), () -> String.valueOf(okrt.statistics().resources()));
        Activity a = okrt.createActivity("metrics \"quoted\" \\ name", Parameters.of("share", "1000"));
        try {
            assertEquals(SendResult.OK, okrt.send(a, PingProbe.PING, PingProbe.START, 1L, 2_000));
            Itest.await("the flow ran", () -> probe.counts(a.id()).pongs() == 2_000, () -> String.valueOf(probe.counts(a.id())));

            HttpResponse<String> metrics = api().get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            assertTrue("ends with a line feed", text.endsWith("\n"));
            java.util.Map<String, String> types = new java.util.HashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP")) {
                    assertTrue("HELP line: " + line, HELP.matcher(line).matches());
                } else if (line.startsWith("# TYPE")) {
                    assertTrue("TYPE line: " + line, TYPE.matcher(line).matches());
                    String[] parts = line.split(" ");
                    assertTrue("one TYPE per family: " + parts[2], types.put(parts[2], parts[3]) == null);
                } else {
                    assertTrue("sample line: " + line, SAMPLE.matcher(line).matches());
                    String name = line.split("[{ ]", 2)[0];
                    assertTrue("a TYPE precedes " + name, types.containsKey(name));
                    if (types.get(name).equals("counter")) {
                        assertTrue(name, name.endsWith("_total"));
                    }
                }
            }
            assertTrue(text, text.contains("okernel_core_handler_seconds_total{core=\"0\"}"));
            assertTrue(text, text.contains("okernel_core_messages_total{core=\"1\"}"));
            assertTrue(text, Pattern.compile("okernel_resource_messages_total\\{resource_id=\"\\d+\",resource=\"resource.pong\"\\} [1-9]")
                    .matcher(text).find());
            String activity = "activity_id=\"" + a.id() + "\",activity=\"metrics \\\"quoted\\\" \\\\ name\"";
            assertTrue("the activity's label value is escaped: " + text,
                    text.contains("okernel_activity_messages_total{" + activity + "} "));
        } finally {
            okrt.terminate(a).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static int port() {
        return Integer.parseInt(Itest.context().getProperty(PORT_PROPERTY));
    }

    private static ApiClient api() throws Exception {
        Itest.awaitService(GridAdmin.class, null);
        ApiClient api = new ApiClient(port());
        Itest.await("the API answers", () -> {
            try {
                return api.get("/api").statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, () -> "no answer on " + api.base());
        return api;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static JsonNode grid() throws Exception {
        HttpResponse<String> r = api().get("/api/grid");
        assertEquals(r.body(), 200, r.statusCode());
        return json(r);
    }

    private static String schedulerNow(String target) throws Exception {
        return scheduler(grid(), target).get("scheduler").asText();
    }

    private static JsonNode scheduler(JsonNode grid, String target) {
        for (JsonNode s : grid.get("schedulers")) {
            if (s.get("target").asText().equals(target)) {
                return s;
            }
        }
        return null;
    }

    private static List<JsonNode> auditLines(String action, String outcome) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(Itest.context().getProperty(AUDIT_PROPERTY)))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("action").asText().equals(action) && n.get("outcome").asText().equals(outcome)) {
                lines.add(n);
            }
        }
        return lines;
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static String rawRequest(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
