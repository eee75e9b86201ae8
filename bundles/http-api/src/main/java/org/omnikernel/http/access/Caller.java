package org.omnikernel.http.access;

/**
 * Who sent a request.
 *
 * @param user   the authenticated user name
 * @param method how they authenticated: {@code session} or {@code basic}
 * @param remote the client's address as the server saw it
 */
public record Caller(String user, String method, String remote) {
}
