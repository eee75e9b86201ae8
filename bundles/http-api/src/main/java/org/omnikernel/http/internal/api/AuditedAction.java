package org.omnikernel.http.internal.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.omnikernel.http.access.AccessDeniedException;
import org.omnikernel.http.access.AuditLog;
import org.omnikernel.http.access.AuditRecord;
import org.omnikernel.http.access.Caller;
import org.omnikernel.http.access.HttpAccess;
import org.omnikernel.http.internal.json.BadRequest;

/**
 * Runs an edit that is not a grid edit (bundles, processes, experiments) the way grid edits run:
 * access checked first, then the body read, then the action; every attempt, whatever its outcome,
 * appended to the audit log.
 *
 * <pre>
 *   authorizeEdit ─ denied ─▶ audit "denied", answer 401/403/421/429
 *        └▶ action(caller, fields) ─ BadRequest ─▶ audit "refused" 400
 *                                  ─ Refusal    ─▶ audit "refused" (its status)
 *                                  ─ RuntimeException ─▶ audit "failed" 500
 *                                  ─ Done       ─▶ audit "applied", answer its status and body
 * </pre>
 */
final class AuditedAction {

    /** What an action did: the answer and the audit message. */
    record Done(int status, Object body, String message) {
    }

    /** One edit; puts the request's fields (never a secret) into {@code fields} as it reads them. */
    @FunctionalInterface
    interface Action {
        Done run(Caller caller, Map<String, Object> fields) throws BadRequest, Refusal, IOException;
    }

    private final java.util.function.Supplier<HttpAccess> access;
    private final java.util.function.Supplier<AuditLog> audit;

    AuditedAction(java.util.function.Supplier<HttpAccess> access, java.util.function.Supplier<AuditLog> audit) {
        this.access = access;
        this.audit = audit;
    }

    void run(Exchange x, Action action) throws IOException {
        Caller caller;
        try {
            caller = access.get().authorizeEdit(x.request);
        } catch (AccessDeniedException e) {
            record(x, claimedUser(x.request), Map.of(), "denied", e.status(), e.getMessage());
            x.error(e.status(), e.getMessage(), null);
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        try {
            Done done = action.run(caller, fields);
            record(x, caller.user(), fields, "applied", done.status(), done.message());
            if (done.status() == 204) {
                x.response.setStatus(204);
            } else {
                x.json(done.status(), done.body());
            }
        } catch (BadRequest e) {
            record(x, caller.user(), fields, "refused", 400, e.getMessage());
            x.error(400, e.getMessage(), e.field());
        } catch (Refusal e) {
            record(x, caller.user(), fields, "refused", e.status(), e.getMessage());
            x.error(e.status(), e.getMessage(), e.field());
        } catch (Exchange.UnsupportedMediaType e) {
            record(x, caller.user(), fields, "refused", 415, e.getMessage());
            x.error(415, e.getMessage(), null);
        } catch (RuntimeException e) {
            // A fault of ours or of the service called: audited as failed, answered, never unrecorded.
            String why = "the kernel failed to do it: " + e;
            record(x, caller.user(), fields, "failed", 500, why);
            x.error(500, why, null);
        }
    }

    void record(Exchange x, String user, Map<String, Object> request, String outcome, int status, String message) {
        audit.get().append(new AuditRecord(Instant.now(), user, x.request.getRemoteAddr(), x.action(), request, outcome,
                status, message));
    }

    /** @return the user name in a Basic header, for the audit of a refused attempt; never the password */
    static String claimedUser(HttpServletRequest request) {
        String h = request.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
