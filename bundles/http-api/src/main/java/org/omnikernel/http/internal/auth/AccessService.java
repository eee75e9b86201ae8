package org.omnikernel.http.internal.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.omnikernel.http.access.AccessDeniedException;
import org.omnikernel.http.access.Caller;
import org.omnikernel.http.access.HttpAccess;
import org.omnikernel.http.internal.auth.SessionStore.Session;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The one {@link HttpAccess} of the kernel's HTTP server, plus login and logout for the API's
 * {@code /api/session} route.
 *
 * <p>Framework properties it reads: {@value CredentialsFile#PROPERTY} (the credentials file) and
 * {@value #HOST_PROPERTY} (where Felix HTTP listens: loopback only makes reads open to loopback
 * host names).
 */
@Component(service = {HttpAccess.class, AccessService.class})
public final class AccessService implements HttpAccess {

    /** The Felix HTTP property that names the address Jetty binds to. */
    public static final String HOST_PROPERTY = "org.apache.felix.http.host";

    private final SecureRandom random = new SecureRandom();
    private final SessionStore sessions = new SessionStore(random, System::nanoTime);
    private final FailureThrottle throttle = new FailureThrottle(System::nanoTime);
    private CredentialCheck credentials;
    private boolean loopbackOnly;

    /** For DS. */
    public AccessService() {
    }

    /**
     * For tests: a service over a given file and binding.
     *
     * @param credentialsFile the credentials file, or null
     * @param loopbackOnly    whether the server listens on loopback only
     */
    public AccessService(Path credentialsFile, boolean loopbackOnly) {
        configure(credentialsFile, loopbackOnly);
    }

    @Activate
    void activate(BundleContext context) {
        String file = context.getProperty(CredentialsFile.PROPERTY);
        configure(file == null || file.isBlank() ? null : Path.of(file), RequestOrigin.isLoopbackBinding(context.getProperty(HOST_PROPERTY)));
    }

    private void configure(Path credentialsFile, boolean loopback) {
        this.credentials = new CredentialCheck(credentialsFile, random, System::nanoTime);
        this.loopbackOnly = loopback;
    }

    @Deactivate
    void deactivate() {
        sessions.clear();
    }

    @Override
    public Optional<Caller> caller(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        Optional<Session> session = sessions.find(sessionId(request));
        if (session.isPresent()) {
            return Optional.of(new Caller(session.get().user(), "session", remote));
        }
        BasicCredentials basic = BasicCredentials.parse(request.getHeader("Authorization"));
        if (basic == null || !throttle.lockedFor(remote).isZero()) {
            return Optional.empty();
        }
        CredentialCheck.Result result = credentials.check(basic.user(), basic.password());
        if (result == CredentialCheck.Result.REJECTED) {
            throttle.failed(remote); // guesses through reads count like any other
        }
        return result == CredentialCheck.Result.ACCEPTED ? Optional.of(new Caller(basic.user(), "basic", remote))
                : Optional.empty();
    }

    @Override
    public boolean mayRead(HttpServletRequest request) {
        if (loopbackOnly) {
            return RequestOrigin.isLoopbackHost(request.getHeader("Host"));
        }
        return caller(request).isPresent();
    }

    /** @return whether reads are open (the server listens on loopback only) */
    public boolean readsOpen() {
        return loopbackOnly;
    }

    @Override
    public Caller authorizeEdit(HttpServletRequest request) throws AccessDeniedException {
        checkHostAndOrigin(request);
        String remote = request.getRemoteAddr();
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            BasicCredentials basic = BasicCredentials.parse(authorization);
            if (basic == null) {
                throw new AccessDeniedException(401, "only Basic credentials are accepted in Authorization");
            }
            return new Caller(verify(basic.user(), basic.password(), remote), "basic", remote);
        }
        String id = sessionId(request);
        if (id == null) {
            throw new AccessDeniedException(401, "log in first (POST /api/session) or send Basic credentials");
        }
        Session session = sessions.find(id).orElseThrow(
                () -> new AccessDeniedException(401, "the session has ended; log in again (POST /api/session)"));
        String token = request.getHeader(CSRF_HEADER);
        if (token == null) {
            throw new AccessDeniedException(403, "an edit through a session needs the session's CSRF token in " + CSRF_HEADER);
        }
        if (!session.csrfMatches(token)) {
            throw new AccessDeniedException(403, "the " + CSRF_HEADER + " header does not match this session's CSRF token");
        }
        return new Caller(session.user(), "session", remote);
    }

    /**
     * Logs in: checks the password and opens a session.
     *
     * @param request  the login request (host and origin are checked: a login is an edit of sorts)
     * @param user     the name
     * @param password the password
     * @return the new session
     * @throws AccessDeniedException 401 on a wrong name or password, 429 while locked out
     */
    public Session login(HttpServletRequest request, String user, String password) throws AccessDeniedException {
        checkHostAndOrigin(request);
        verify(user, password, request.getRemoteAddr());
        return sessions.open(user);
    }

    /**
     * @param request a request
     * @return its live session, if any
     */
    public Optional<Session> session(HttpServletRequest request) {
        return sessions.find(sessionId(request));
    }

    /** @param session a session to end */
    public void logout(Session session) {
        sessions.close(session.id());
    }

    /**
     * @param response where to set the cookie
     * @param session  the session it carries, or null to clear it
     * @param secure   whether the request came over TLS (then the cookie is Secure too)
     */
    public static void setCookie(HttpServletResponse response, Session session, boolean secure) {
        String value = session == null ? "" : session.id();
        String maxAge = session == null ? "; Max-Age=0" : "";
        response.addHeader("Set-Cookie", SESSION_COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + maxAge
                + (secure ? "; Secure" : ""));
    }

    private void checkHostAndOrigin(HttpServletRequest request) throws AccessDeniedException {
        String host = request.getHeader("Host");
        if (loopbackOnly && !RequestOrigin.isLoopbackHost(host)) {
            throw new AccessDeniedException(421, "this server answers only to loopback host names, not " + host);
        }
        String problem = RequestOrigin.crossOriginProblem(request.getScheme(), host, request.getHeader("Origin"),
                request.getHeader("Sec-Fetch-Site"));
        if (problem != null) {
            throw new AccessDeniedException(403, problem);
        }
    }

    /** @return the user, once the password checked out */
    private String verify(String user, String password, String remote) throws AccessDeniedException {
        Duration locked = throttle.lockedFor(remote);
        if (!locked.isZero()) {
            throw new AccessDeniedException(429, "too many failed logins from " + remote + "; try again in "
                    + Math.max(1, locked.toSeconds()) + " s");
        }
        switch (credentials.check(user, password)) {
            case ACCEPTED:
                throttle.succeeded(remote);
                return user;
            case NOT_CONFIGURED:
                throw new AccessDeniedException(401, credentials.problem());
            default:
                throttle.failed(remote);
                throw new AccessDeniedException(401, "wrong user name or password");
        }
    }

    private static String sessionId(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** A parsed {@code Authorization: Basic} header. */
    private record BasicCredentials(String user, String password) {

        /** @return the credentials, or null when the header is absent or not Basic */
        static BasicCredentials parse(String header) {
            if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
