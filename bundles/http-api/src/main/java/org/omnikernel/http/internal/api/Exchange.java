package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.omnikernel.http.internal.json.BadRequest;
import org.omnikernel.http.internal.json.StrictJson;

/** One request and its response, with the API's conventions for bodies and errors. */
final class Exchange {

    /** The largest request body the API reads (an imported grid is the biggest). */
    static final int MAX_BODY_BYTES = 1 << 20;

    final HttpServletRequest request;
    final HttpServletResponse response;

    Exchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    /** @return method and path, e.g. {@code POST /api/edits/swap} */
    String action() {
        return request.getMethod() + " " + path();
    }

    /** @return the request's path below the server's root */
    String path() {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    /**
     * Reads a JSON body strictly.
     *
     * @throws BadRequest when it is not JSON, too large, or not the expected object
     */
    <T> T body(Class<T> type) throws BadRequest, IOException {
        String contentType = request.getContentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            // Also a CSRF defence: a cross-site HTML form cannot send application/json.
            throw new UnsupportedMediaType("the body must be JSON: send Content-Type: application/json (got "
                    + contentType + ")");
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new BadRequest(null, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try (InputStream in = new BoundedInputStream(request.getInputStream(), MAX_BODY_BYTES)) {
            return StrictJson.read(in, type);
        } catch (BodyTooLarge e) {
            throw new BadRequest(null, e.getMessage());
        }
    }

    /**
     * Reads a binary body (an uploaded jar): {@code application/java-archive} or
     * {@code application/octet-stream}, which an HTML form cannot send either.
     *
     * @param max the most bytes accepted
     * @throws BadRequest when larger
     */
    byte[] bytes(int max) throws BadRequest, IOException {
        String contentType = request.getContentType();
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/java-archive") && !type.startsWith("application/octet-stream")
                && !type.startsWith("application/x-java-archive")) {
            throw new UnsupportedMediaType("the body must be the jar's bytes: send Content-Type: application/java-archive"
                    + " (got " + contentType + ")");
        }
        if (request.getContentLengthLong() > max) {
            throw new BadRequest("file", "the file is larger than " + max + " bytes");
        }
        try (InputStream in = new BoundedInputStream(request.getInputStream(), max)) {
            return in.readAllBytes();
        } catch (BodyTooLarge e) {
            throw new BadRequest("file", "the file is larger than " + max + " bytes");
        }
    }

    void json(int status, Object value) throws IOException {
        send(status, "application/json", StrictJson.write(value));
    }

    void send(int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType.contains("charset") ? contentType : contentType + "; charset=utf-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * @param status  the status
     * @param message what was wrong
     * @param field   the field at fault, or null
     */
    void error(int status, String message, String field) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        if (status == 401) {
            // Not "Basic": a Basic challenge makes browsers prompt and then send the password on
            // every request, ambiently. Scripts send Basic credentials unasked (curl -u).
            response.setHeader("WWW-Authenticate", "Session realm=\"omnikernel\"");
        }
        drainUnreadBody();
        json(status, body);
    }

    /**
     * Reads what is left of a refused request's body (up to {@link #MAX_BODY_BYTES}) so that the
     * connection stays usable: a server that answers before the body has arrived and then closes
     * makes a keep-alive client's next write fail with a broken pipe.
     */
    private void drainUnreadBody() {
        if (request.getContentLengthLong() == 0 || request.getContentLengthLong() > MAX_BODY_BYTES) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] sink = new byte[8192];
            long left = MAX_BODY_BYTES;
            for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // Already read through a reader, or the client went away: nothing left to keep usable.
        }
    }

    /** A body that is not JSON: 415. */
    static final class UnsupportedMediaType extends IOException {
        private static final long serialVersionUID = 1L;

        UnsupportedMediaType(String message) {
            super(message);
        }
    }

    /** A body past {@link #MAX_BODY_BYTES}. */
    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** Stops reading past a limit, so that a client cannot make the server buffer an endless body. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new BodyTooLarge();
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new BodyTooLarge();
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
