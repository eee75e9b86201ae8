/**
 * Access to the kernel's HTTP server, shared by every bundle that serves on it (the JSON API, the
 * web console): who a request is from, whether it may read or edit, and the audit log of edits.
 *
 * <p>One login serves every bundle: {@link org.omnikernel.http.access.HttpAccess} recognises the
 * session cookie {@value org.omnikernel.http.access.HttpAccess#SESSION_COOKIE} that
 * {@code POST /api/session} sets, and HTTP Basic credentials for scripts. An edit made through a
 * session must carry the session's CSRF token in the {@value org.omnikernel.http.access.HttpAccess#CSRF_HEADER}
 * header. See docs/user-guide.md, "The HTTP API".
 */
@Version("0.1.0")
@Export
package org.omnikernel.http.access;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
