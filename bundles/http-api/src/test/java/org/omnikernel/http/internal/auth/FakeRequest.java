package org.omnikernel.http.internal.auth;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/** An {@link HttpServletRequest} with only what access checks read: headers, cookies, remote address, scheme. */
final class FakeRequest {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private String cookie;
    private String remote = "127.0.0.1";

    FakeRequest header(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    FakeRequest session(String id) {
        this.cookie = id;
        return this;
    }

    FakeRequest remote(String address) {
        this.remote = address;
        return this;
    }

    HttpServletRequest build() {
        headers.putIfAbsent("host", "127.0.0.1:8470");
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get(((String) args[0]).toLowerCase(java.util.Locale.ROOT));
                    case "getCookies" -> cookie == null ? null : new Cookie[] {new Cookie("okernel_session", cookie)};
                    case "getRemoteAddr" -> remote;
                    case "getScheme" -> "http";
                    case "isSecure" -> false;
                    case "toString" -> "FakeRequest" + headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
