package org.omnikernel.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the kernel's HTTP server (the JSON API, {@code /metrics} and the web console) listens.
 *
 * @param host the address or name to bind; {@value #DEFAULT_HOST} unless {@code --console-host} says otherwise
 * @param port the TCP port; {@value #DEFAULT_PORT} unless {@code --console-port} says otherwise
 */
record ConsoleAddress(String host, int port) {

    /** Loopback only: nothing outside this machine can reach the console unless asked for. */
    static final String DEFAULT_HOST = "127.0.0.1";
    /** The documented default port. */
    static final int DEFAULT_PORT = 8470;
    /** The address of a plain {@code run}. */
    static final ConsoleAddress DEFAULT = new ConsoleAddress(DEFAULT_HOST, DEFAULT_PORT);

    /** @return whether the host is a loopback address (a name that does not resolve counts as not loopback) */
    boolean loopback() {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** @return the URL a browser on this machine opens */
    String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            shown = "127.0.0.1";
        }
        return "http://" + shown + ":" + port + "/";
    }
}
