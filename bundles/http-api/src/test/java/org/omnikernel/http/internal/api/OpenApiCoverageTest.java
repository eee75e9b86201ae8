package org.omnikernel.http.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml describes exactly the routes the servlets serve: a route added without its
 * description, or a description of a route that is gone, fails the build.
 */
class OpenApiCoverageTest {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");

    @Test
    void everyServedRouteIsDocumentedAndNothingElse() throws Exception {
        Set<String> served = new TreeSet<>(new ApiServlet().routes());
        served.add("GET " + MetricsServlet.PATH);
        Set<String> documented = new TreeSet<>(documentedRoutes(Path.of(System.getProperty("openapi.file",
                "../../docs/openapi.yaml"))));
        assertEquals(served, documented, "routes served (left) and described in docs/openapi.yaml (right)");
    }

    /** The {@code paths:} section: a path at indent 2, its operations at indent 4. */
    static List<String> documentedRoutes(Path yaml) throws Exception {
        List<String> routes = new ArrayList<>();
        boolean inPaths = false;
        String path = null;
        for (String line : Files.readAllLines(yaml)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /") && line.trim().endsWith(":")) {
                path = line.trim().replaceAll("^'|'?:$", "").replace("'", "");
            } else if (path != null && line.startsWith("    ") && !line.startsWith("     ") && line.trim().endsWith(":")) {
                String key = line.trim().replace(":", "");
                if (METHODS.contains(key)) {
                    routes.add(key.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return routes;
    }
}
