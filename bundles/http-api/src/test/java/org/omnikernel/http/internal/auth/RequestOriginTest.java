package org.omnikernel.http.internal.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestOriginTest {

    @Test
    void loopbackHostNamesAreRecognisedWithOrWithoutPort() {
        for (String host : new String[] {"localhost", "localhost:8470", "127.0.0.1", "127.0.0.1:8470", "127.1.2.3:1",
            "[::1]:8470", "[::1]", "LOCALHOST:1"}) {
            assertTrue(RequestOrigin.isLoopbackHost(host), host);
        }
        for (String host : new String[] {"attacker.example", "attacker.example:8470", "localhost.attacker.example",
            "127.0.0.1.nip.io", "10.0.0.1:8470", "", null}) {
            assertFalse(RequestOrigin.isLoopbackHost(host), String.valueOf(host));
        }
    }

    @Test
    void bindingToLoopbackOnlyIsTold() {
        assertTrue(RequestOrigin.isLoopbackBinding("127.0.0.1"));
        assertTrue(RequestOrigin.isLoopbackBinding("localhost"));
        assertTrue(RequestOrigin.isLoopbackBinding("::1"));
        assertFalse(RequestOrigin.isLoopbackBinding("0.0.0.0"));
        assertFalse(RequestOrigin.isLoopbackBinding("192.168.1.5"));
        assertFalse(RequestOrigin.isLoopbackBinding(null), "unset: Jetty listens everywhere");
    }

    @Test
    void sameOriginAndOriginlessRequestsPass() {
        assertNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", null, null), "curl sends no Origin");
        assertNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", "http://127.0.0.1:8470", "same-origin"));
        assertNull(RequestOrigin.crossOriginProblem("http", "localhost", "http://localhost:80", null), "default port");
        assertNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", null, "none"), "typed in the address bar");
    }

    @Test
    void foreignOriginsAndCrossSiteFetchesAreRefused() {
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", "http://attacker.example", null));
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", "http://127.0.0.1:9999", null), "other port");
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", "https://127.0.0.1:8470", null), "other scheme");
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", "null", null), "sandboxed page");
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", null, "cross-site"));
        assertNotNull(RequestOrigin.crossOriginProblem("http", "127.0.0.1:8470", null, "same-site"));
    }
}
