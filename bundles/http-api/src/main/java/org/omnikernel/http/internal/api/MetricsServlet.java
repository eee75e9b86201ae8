package org.omnikernel.http.internal.api;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.omnikernel.http.access.HttpAccess;
import org.omnikernel.http.internal.metrics.KernelMetrics;
import org.omnikernel.http.internal.metrics.PrometheusText;
import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.grid.GridAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code GET /metrics}: the kernel's statistics in the Prometheus text format, for a scraper. Read
 * access as for the API's reads (open on a loopback-only server; Basic credentials otherwise).
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=" + MetricsServlet.PATH,
        "osgi.http.whiteboard.servlet.name=omnikernel-metrics"})
public final class MetricsServlet extends HttpServlet {

    /** Where it answers. */
    public static final String PATH = "/metrics";

    private static final long serialVersionUID = 1L;

    @Reference
    private transient HttpAccess access;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile Okrt okrt;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile GridAdmin grid;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange x = new Exchange(request, response);
        response.setHeader("Cache-Control", "no-store");
        if (!access.mayRead(request)) {
            x.error(401, "metrics need credentials here: send Basic credentials", null);
            return;
        }
        Okrt k = okrt;
        GridAdmin g = grid;
        x.send(200, PrometheusText.CONTENT_TYPE, KernelMetrics.render(k == null ? null : k.statistics(),
                g == null ? null : g.snapshot()));
    }
}
