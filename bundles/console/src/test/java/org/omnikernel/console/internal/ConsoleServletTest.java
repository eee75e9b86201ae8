package org.omnikernel.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/**
 * The console's files as the servlet serves them: the page and its modules with their types and the
 * policy that forbids anything from elsewhere; paths that could leave {@code console/} are 404; and
 * every file the page loads, and every module a module imports, is in the bundle, none anywhere else.
 */
class ConsoleServletTest {

    @Test
    void theRootServesThePageUnderAPolicyThatAllowsOnlyItsOwnOrigin() throws Exception {
        Answer a = get("/");
        assertEquals(200, a.status);
        assertEquals("text/html; charset=utf-8", a.contentType);
        assertTrue(a.body.contains("<script type=\"module\" src=\"/js/main.js\">"), a.body);
        String csp = a.headers.get("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("DENY", a.headers.get("X-Frame-Options"));
        assertEquals("nosniff", a.headers.get("X-Content-Type-Options"));
    }

    @Test
    void modulesAndStylesHaveTheirTypes() throws Exception {
        assertEquals("text/javascript; charset=utf-8", get("/js/main.js").contentType);
        assertEquals("text/css; charset=utf-8", get("/console.css").contentType);
        assertEquals("image/svg+xml", get("/icon.svg").contentType);
    }

    @Test
    void pathsThatCouldLeaveTheConsoleOrNameNothingAre404() throws Exception {
        for (String path : new String[] {"/../bnd.bnd", "/js/../../META-INF/MANIFEST.MF", "/%2e%2e/x.js", "/js//main.js",
                "/org/omnikernel/console/internal/ConsoleServlet.class", "/nothing.js", "/js/main.js.bak", "/.hidden.js"}) {
            Answer a = get(path);
            assertEquals(404, a.status, path);
            assertTrue(a.body.startsWith("no such console file"), path + ": " + a.body);
        }
    }

    @Test
    void everythingThePageLoadsIsInTheBundleAndNothingComesFromElsewhere() throws Exception {
        Pattern reference = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"|from '(\\./[^']+|\\.\\./[^']+)'");
        Pattern external = Pattern.compile("(?:https?:)?//(?!www\\.w3\\.org/2000/svg)[a-zA-Z0-9.-]+\\.[a-z]{2,}");
        Deque<String> todo = new ArrayDeque<>();
        todo.add("index.html");
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file)) {
                continue;
            }
            String text = read(file);
            assertNotNull(text, "referenced but not in the bundle: " + file);
            Matcher e = external.matcher(text);
            assertFalse(e.find(), file + " refers to another origin: " + (e.find(0) ? e.group() : ""));
            Matcher m = reference.matcher(text);
            while (m.find()) {
                todo.add(m.group(1) != null ? m.group(1).substring(1) : resolve(file, m.group(2)));
            }
        }
        assertTrue(seen.containsAll(Set.of("js/main.js", "js/api.js", "js/live.js", "js/chart.js", "js/views/grid.js",
                "js/views/schedulers.js", "js/views/activities.js", "js/views/bundles.js", "js/views/experiments.js",
                "js/views/audit.js", "console.css")), seen.toString());
        for (String file : seen) {
            assertEquals(200, get("/" + file).status, file);
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------

    private static String resolve(String from, String relative) {
        String dir = from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
        String path = dir + relative;
        while (path.contains("./")) {
            path = path.replaceFirst("[^/]+/\\.\\./", "").replace("/./", "/").replaceFirst("^\\./", "");
        }
        return path;
    }

    private static String read(String file) throws IOException {
        try (InputStream in = ConsoleServlet.class.getResourceAsStream(ConsoleServlet.ROOT + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Answer(int status, String contentType, Map<String, String> headers, String body) {
    }

    private static Answer get(String uri) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<String, String> headers = new HashMap<>();
        int[] status = {200};
        String[] type = {null};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        PrintWriter writer = new PrintWriter(body, true, StandardCharsets.UTF_8);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "setStatus" -> status[0] = (Integer) args[0];
                    case "setContentType" -> type[0] = (String) args[0];
                    case "getOutputStream" -> out;
                    case "getWriter" -> writer;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        new ConsoleServlet().doGet(request, response);
        writer.flush();
        return new Answer(status[0], type[0], headers, body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void resolveHandlesRelativeImports() {
        assertEquals("js/dom.js", resolve("js/views/grid.js", "../dom.js"));
        assertEquals("js/api.js", resolve("js/main.js", "./api.js"));
    }
}
