package org.omnikernel.http.internal.api;

import java.io.IOException;

import org.omnikernel.http.access.AccessDeniedException;
import org.omnikernel.http.internal.json.BadRequest;

/**
 * One route the server answers: a method, an exact path, who may call it, and its handler.
 * {@code docs/openapi.yaml} must describe exactly these (OpenApiCoverageTest).
 *
 * @param method  GET, POST or DELETE
 * @param path    the path, e.g. {@code /api/grid}
 * @param access  who may call it
 * @param handler what it does
 */
record Route(String method, String path, Access access, Handler handler) {

    /** Who may call a route. */
    enum Access {
        /** anyone who may read ({@code HttpAccess.mayRead}) */
        READ,
        /** an authenticated caller (session or Basic), for reads that show who did what */
        AUTHENTICATED,
        /** an edit: {@code HttpAccess.authorizeEdit}, then audited */
        EDIT,
        /** the login route: checks credentials itself */
        LOGIN
    }

    /** Where a group of routes adds itself: the servlet's route table. */
    @FunctionalInterface
    interface Table {
        void add(String method, String path, Access access, Handler handler);
    }

    /** The handler of a route. */
    @FunctionalInterface
    interface Handler {
        void handle(Exchange x) throws IOException, BadRequest, AccessDeniedException, Refusal;
    }
}
