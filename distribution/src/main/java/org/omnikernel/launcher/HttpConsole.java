package org.omnikernel.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's HTTP server as {@code run} sets it up: Felix HTTP (Jetty 12) bound to the console
 * address, the API bundle pointed at the credentials file and the audit log, and a login created on
 * first start.
 *
 * <pre>
 *   conf/console-credentials.properties missing ─▶ random password, only its hash written,
 *                                                  the password printed once
 *   framework properties: org.apache.felix.http.host / org.osgi.service.http.port,
 *                         omnikernel.http.credentials, omnikernel.http.audit (log/audit.jsonl)
 * </pre>
 *
 * @param address     where it listens
 * @param credentials the credentials file
 * @param audit       the audit log file
 * @param home        the distribution, from which the console starts experiments in a child JVM
 *                    ({@code okernel experiment}), or null
 */
record HttpConsole(ConsoleAddress address, Path credentials, Path audit, Path home) {

    /** Felix HTTP: the address Jetty binds to. */
    static final String HOST_PROPERTY = "org.apache.felix.http.host";
    /** Felix HTTP: the port. */
    static final String PORT_PROPERTY = "org.osgi.service.http.port";
    /** The API bundle: the audit log file. */
    static final String AUDIT_PROPERTY = "omnikernel.http.audit";
    /** Felix HTTP: whether to serve HTTP at all. */
    static final String ENABLE_PROPERTY = "org.apache.felix.http.enable";
    /** The API bundle: the distribution, to start experiments from. */
    static final String DISTRIBUTION_PROPERTY = "omnikernel.distribution";
    /** The API bundle: the experiments the launcher runs, comma-separated. */
    static final String EXPERIMENTS_PROPERTY = "omnikernel.experiments";

    /** A console that starts no experiments. */
    HttpConsole(ConsoleAddress address, Path credentials, Path audit) {
        this(address, credentials, audit, null);
    }

    /**
     * @param home    the distribution
     * @param address where to listen
     * @return the console of a {@code run} from that distribution
     */
    static HttpConsole of(OkernelHome home, ConsoleAddress address) {
        return new HttpConsole(address, ConsoleCredentials.file(home), home.dir().resolve("log").resolve("audit.jsonl"),
                home.dir());
    }

    /** @return the framework properties that set up Felix HTTP and the API bundle */
    Map<String, String> frameworkProperties() {
        Map<String, String> p = new HashMap<>();
        p.put(HOST_PROPERTY, address.host());
        p.put(PORT_PROPERTY, Integer.toString(address.port()));
        p.put(ConsoleCredentials.PROPERTY, credentials.toAbsolutePath().toString());
        p.put(AUDIT_PROPERTY, audit.toAbsolutePath().toString());
        if (home != null) {
            p.put(DISTRIBUTION_PROPERTY, home.toAbsolutePath().toString());
            p.put(EXPERIMENTS_PROPERTY, String.join(",", Experiments.NAMES));
        }
        return p;
    }

    /**
     * Before boot: creates the login if there is none (printing its password once) and warns when
     * the console is reachable from other machines.
     *
     * @param out where the one-time password goes
     * @param err where warnings go
     * @throws IOException when the credentials file cannot be written
     */
    void prepare(PrintStream out, PrintStream err) throws IOException {
        if (!Files.exists(credentials)) {
            ConsoleCredentials c = new ConsoleCredentials();
            String password = c.randomPassword();
            c.write(credentials, ConsoleCredentials.DEFAULT_USER, password.toCharArray());
            out.println("okernel: first start: created the console login");
            out.println("           user: " + ConsoleCredentials.DEFAULT_USER);
            out.println("       password: " + password);
            out.println("         (shown only now; " + credentials + " keeps only a salted hash;");
            out.println("          change it with ./okernel password)");
        }
        if (!address.loopback()) {
            err.println("okernel: warning: the console and HTTP API listen on " + address.host()
                    + ", reachable from other machines; reads need the login there too, and traffic is not encrypted");
        }
    }

    /** @return the banner's line about the console */
    String bannerLine() {
        return "Console and HTTP API: " + address.url() + "  (API under /api, Prometheus at /metrics)";
    }
}
