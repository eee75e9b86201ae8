package org.omnikernel.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plain {@link HttpClient} against the kernel's HTTP server, for the tests inside the framework.
 * Cookies are handled by hand so that tests see exactly what the server sets.
 */
final class ApiClient {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /** @param port the port the server listens on, at 127.0.0.1 */
    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, String json, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json));
        if (!hasHeader(headers, "Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).DELETE().build());
    }

    HttpClient client() {
        return client;
    }

    HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return client.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static boolean hasHeader(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return the headers of HTTP Basic for these credentials */
    static String[] basic(String user, String password) {
        return new String[] {"Authorization",
            "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))};
    }

    /**
     * @param response a response
     * @return the attributes of its session cookie, name → value ("" for flags), the value under "value"
     */
    static Map<String, String> sessionCookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            if (header.startsWith("okernel_session=")) {
                Map<String, String> attributes = new LinkedHashMap<>();
                String[] parts = header.split(";");
                attributes.put("value", parts[0].substring("okernel_session=".length()));
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].trim().split("=", 2);
                    attributes.put(kv[0].toLowerCase(java.util.Locale.ROOT), kv.length > 1 ? kv[1] : "");
                }
                return attributes;
            }
        }
        return Map.of();
    }

    /** Joins header arrays. */
    static String[] headers(String[]... groups) {
        return java.util.Arrays.stream(groups).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
