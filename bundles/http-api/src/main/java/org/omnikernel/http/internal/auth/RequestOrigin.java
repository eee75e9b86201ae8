package org.omnikernel.http.internal.auth;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request comes from, as far as a browser lets a page say: the {@code Host} it was sent to,
 * the {@code Origin} of the page that sent it and {@code Sec-Fetch-Site}.
 *
 * <ul>
 * <li>A server that listens on loopback only answers only to loopback host names
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}): a page on another site whose name was made
 * to resolve to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.</li>
 * <li>A request that changes something must not come from a page of another origin: a present
 * {@code Origin} must equal the server's own ({@code scheme://host:port} of the request), and a
 * present {@code Sec-Fetch-Site} must be {@code same-origin} or {@code none}. Clients that send
 * neither (curl, scripts) are not browsers and pass.</li>
 * </ul>
 */
public final class RequestOrigin {

    private RequestOrigin() {
    }

    /**
     * @param hostHeader the request's Host header, possibly null
     * @return whether it names this machine's loopback interface
     */
    public static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostName(hostHeader);
        return host.equals("localhost") || host.equals("::1") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /**
     * @param literal an address or host name the server is configured to listen on, possibly null
     * @return whether that is loopback only (null means every interface: not loopback)
     */
    public static boolean isLoopbackBinding(String literal) {
        return literal != null && isLoopbackHost(literal.contains(":") && !literal.startsWith("[") ? "[" + literal + "]" : literal);
    }

    /**
     * @param scheme         the request's scheme
     * @param hostHeader     its Host header
     * @param origin         its Origin header, possibly null
     * @param secFetchSite   its Sec-Fetch-Site header, possibly null
     * @return null when the request may change something, else why not
     */
    public static String crossOriginProblem(String scheme, String hostHeader, String origin, String secFetchSite) {
        if (secFetchSite != null) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            if (!site.equals("same-origin") && !site.equals("none")) {
                return "cross-site request refused (Sec-Fetch-Site: " + secFetchSite + ")";
            }
        }
        if (origin == null) {
            return null;
        }
        String own = scheme.toLowerCase(Locale.ROOT) + "://" + (hostHeader == null ? "" : hostHeader.toLowerCase(Locale.ROOT));
        String normalized = normalizeOrigin(origin);
        if (normalized == null || !normalized.equals(normalizeOrigin(own))) {
            return "cross-origin request refused: Origin " + origin + " is not " + own;
        }
        return null;
    }

    /** @return scheme://host:port with the default port made explicit, or null when not an origin */
    private static String normalizeOrigin(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** @return the host part of a Host header, lower case, without port and IPv6 brackets */
    private static String hostName(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
