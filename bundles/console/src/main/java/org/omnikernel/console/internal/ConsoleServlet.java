package org.omnikernel.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the console's files from the bundle ({@code console/} in the jar) at the server's root,
 * below the API's more specific {@code /api/*} and {@code /metrics}. The files hold no data: the
 * pages fetch everything from the API, which checks access and audits every edit, so serving them
 * needs no login (the login page is one of them).
 *
 * <p>Every answer forbids framing and loading anything from elsewhere (Content-Security-Policy
 * {@code 'self'} only): the console runs no code and fetches nothing but its own.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=omnikernel-console"})
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the files are in the bundle. */
    static final String ROOT = "/console/";
    /** The policy every page runs under: nothing from elsewhere, no inline script, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final Pattern SAFE_PATH = Pattern.compile("[a-z0-9_-]+(/[a-z0-9_-]+)*\\.[a-z]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        securityHeaders(response);
        String path = relativePath(request);
        URL file = path == null ? null : ConsoleServlet.class.getResource(ROOT + path);
        String type = path == null ? null : TYPES.get(path.substring(path.lastIndexOf('.') + 1));
        if (file == null || type == null) {
            response.setStatus(404);
            response.setContentType("text/plain; charset=utf-8");
            response.getWriter().println("no such console file: " + request.getRequestURI() + " (the console is at /)");
            return;
        }
        response.setContentType(type);
        // Small files, and a kernel update may change them: the browser asks again, cheaply.
        response.setHeader("Cache-Control", "no-cache");
        try (InputStream in = file.openStream()) {
            in.transferTo(response.getOutputStream());
        }
    }

    /** @return the file asked for below {@link #ROOT}, or null for a path that cannot name one */
    static String relativePath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        if (path.equals("/") || path.isEmpty()) {
            return "index.html";
        }
        path = path.substring(1).toLowerCase(Locale.ROOT);
        return SAFE_PATH.matcher(path).matches() ? path : null;
    }

    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
