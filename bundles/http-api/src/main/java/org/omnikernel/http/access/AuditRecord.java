package org.omnikernel.http.access;

import java.time.Instant;
import java.util.Map;

/**
 * One audited edit.
 *
 * @param time    when it was decided
 * @param user    who asked (authenticated), or the user name claimed, or empty
 * @param remote  the client's address
 * @param action  what was asked, e.g. {@code POST /api/edits/swap}
 * @param request the edit's fields as the client sent them (never a password)
 * @param outcome {@code applied}, {@code refused} (by the kernel or as bad input), or {@code denied}
 *                (by access control)
 * @param status  the HTTP status answered
 * @param message the kernel's description of what changed, or why it was refused
 */
public record AuditRecord(Instant time, String user, String remote, String action, Map<String, Object> request,
        String outcome, int status, String message) {

    /** Copies the request fields; null becomes empty. */
    public AuditRecord {
        request = request == null ? Map.of() : Map.copyOf(request);
        user = user == null ? "" : user;
        message = message == null ? "" : message;
    }
}
