package org.omnikernel.http.access;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides who a request is from and what it may do. The HTTP API bundle registers one; a bundle
 * that serves its own pages on the same server (the web console) asks it before serving or editing.
 *
 * <pre>
 *   read:  mayRead(request)      ── false ──▶ 401
 *   edit:  authorizeEdit(request) ─┬─ Caller ──▶ do it, then AuditLog.append(...)
 *                                  └─ AccessDeniedException(status) ──▶ answer status, change nothing
 * </pre>
 *
 * <p>Thread-safe: called concurrently by the server's request threads.
 */
@ProviderType
public interface HttpAccess {

    /** The session cookie: HttpOnly, SameSite=Strict, Path=/. */
    String SESSION_COOKIE = "okernel_session";

    /** The header that must carry the session's CSRF token on every edit made through a session. */
    String CSRF_HEADER = "X-CSRF-Token";

    /**
     * @param request a request
     * @return who sent it, if it carries a valid session cookie or valid Basic credentials; no CSRF
     *         or origin checks (use {@link #authorizeEdit} before changing anything)
     */
    Optional<Caller> caller(HttpServletRequest request);

    /**
     * Whether the request may read the grid and statistics. Reads are open when the server listens
     * on loopback only and the request names a loopback host; otherwise they need credentials.
     *
     * @param request a request
     * @return true if it may read
     */
    boolean mayRead(HttpServletRequest request);

    /**
     * Checks everything an edit needs: a host name the server answers to, no foreign {@code Origin},
     * valid credentials (not locked out by repeated failures), and for a session the CSRF header.
     *
     * @param request a request that would change something
     * @return the caller, allowed to edit
     * @throws AccessDeniedException with the HTTP status to answer (401, 403, 421 or 429) and why
     */
    Caller authorizeEdit(HttpServletRequest request) throws AccessDeniedException;
}
