package org.omnikernel.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the integration tests share: the framework they boot and bounded waits.
 *
 * <p>The {@code option} methods run in the JVM that drives Pax Exam; the rest runs inside the forked
 * framework, where this class is part of the test probe.
 */
final class Itest {

    /** How long any awaited condition may take before the test fails. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    /** System property naming the schedulerconfig file (KernelComponent.CONFIG_PROPERTY). */
    static final String CONFIG_PROPERTY = "omnikernel.config";

    /** Framework property: how long a resource whose bundle stopped is held (KernelComponent.GRACE_PROPERTY). */
    static final String GRACE_PROPERTY = "omnikernel.resource.grace.ms";

    private Itest() {
    }

    // ---- in the driving JVM --------------------------------------------------------------------

    /**
     * Writes a schedulerconfig under the module's build directory.
     *
     * @param name file name
     * @param xml  contents
     * @return the file
     */
    static Path writeConfig(String name, String xml) {
        try {
            Path dir = Path.of(System.getProperty("itest.workdir", "target/itest"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name).toAbsolutePath();
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param config the schedulerconfig the kernel is to read
     * @return the framework: DS runtime, HAL, OKRT, roundrobin and the two test resources, each from
     *         the jar Maven built or resolved (failsafe passes the paths as {@code itest.bundle.*})
     */
    static Option[] kernelFramework(Path config) {
        return kernelFramework(config, new String[0]);
    }

    /**
     * @param config the schedulerconfig the kernel is to read
     * @param extra  further bundles by their {@code itest.bundle.*} key, such as {@code wfq}
     * @return the framework of {@link #kernelFramework(Path)} with the extra bundles
     */
    static Option[] kernelFramework(Path config, String... extra) {
        Option[] more = new Option[extra.length];
        for (int i = 0; i < extra.length; i++) {
            more[i] = jar(extra[i]);
        }
        return options(
                composite(more),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                // HAL measures per-thread allocated bytes through com.sun.management when it is exported
                systemPackage("com.sun.management"),
                systemProperty(CONFIG_PROPERTY).value(config.toString()),
                systemProperty("omnikernel.cores").value("2"),
                jar("component"),
                jar("promise"),
                jar("function"),
                jar("scr"),
                jar("hal"),
                jar("okrt"),
                jar("roundrobin"),
                jar("ping"),
                jar("pong"),
                junitBundles());
    }

    /**
     * The bundles the HTTP API needs, in start order: SPI Fly (and its ASM) before slf4j, so that
     * slf4j finds its provider; the servlet API before Jetty; Jackson and the system-call SPI (its
     * process routes use PR's ProcessService) before the API bundle.
     */
    static final String[] HTTP_BUNDLES = {"asm", "asm.tree", "asm.analysis", "asm.commons", "asm.util", "spifly",
        "slf4j.api", "slf4j.simple", "commons.io", "fileupload", "servlet", "jetty", "jackson.annotations",
        "jackson.core", "jackson.databind", "syscall", "http"};

    /**
     * Writes a credentials file as the launcher does (PBKDF2-HMAC-SHA256, salted), with few
     * iterations so that tests stay quick.
     *
     * @param name     file name
     * @param user     the user
     * @param password the password
     * @return the file
     */
    static Path writeCredentials(String name, String user, String password) {
        try {
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            int iterations = 10_000;
            javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
            return writeConfig(name, "user=" + user + "\nalgorithm=PBKDF2WithHmacSHA256\nhash=" + iterations + ":"
                    + b64.encodeToString(salt) + ":" + b64.encodeToString(hash) + "\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a TCP port nobody listens on now */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For a test that installs a bundle at run time rather than at boot.
     *
     * @param key the bundle's {@code itest.bundle.*} key, such as {@code sfq}
     * @return the framework property {@code itest.location.<key>} naming the bundle's jar as a URL, for
     *         {@link #install(String)}
     */
    static Option locationOf(String key) {
        return systemProperty("itest.location." + key).value(jarFile(key).toURI().toString());
    }

    private static Option jar(String key) {
        return bundle(jarFile(key).toURI().toString());
    }

    private static File jarFile(String key) {
        String path = System.getProperty("itest.bundle." + key);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("system property itest.bundle." + key + " must name the bundle's jar (got "
                    + path + "); run the tests through Maven failsafe");
        }
        return new File(path);
    }

    // ---- inside the framework ------------------------------------------------------------------

    static BundleContext context() {
        return FrameworkUtil.getBundle(Itest.class).getBundleContext();
    }

    /**
     * Polls a condition until it holds or {@link #DEADLINE} passes.
     *
     * @param what      the condition, for the failure message
     * @param condition the condition
     * @param state     what to print when it never held
     */
    static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        long pauseMicros = 50;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not within " + DEADLINE.toSeconds() + " s: " + what + "; state: " + state.get());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(pauseMicros * 1000);
            pauseMicros = Math.min(pauseMicros * 2, 20_000);
        }
    }

    /**
     * @param type   the service type
     * @param filter an LDAP filter on its properties, or null
     * @return the reference of the first such service to appear within {@link #DEADLINE}
     */
    static <T> ServiceReference<T> awaitService(Class<T> type, String filter) {
        BundleContext ctx = context();
        try {
            String f = "(objectClass=" + type.getName() + ")";
            if (filter != null) {
                f = "(&" + f + filter + ")";
            }
            ServiceTracker<T, T> tracker = new ServiceTracker<>(ctx, ctx.createFilter(f), null);
            tracker.open();
            try {
                if (tracker.waitForService(DEADLINE.toMillis()) == null) {
                    fail("no " + type.getSimpleName() + " service matching " + f + " within " + DEADLINE.toSeconds() + " s");
                }
                return tracker.getServiceReference();
            } finally {
                tracker.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + type.getSimpleName(), e);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * @param type the service type
     * @return the service, once registered
     */
    static <T> T service(Class<T> type) {
        return context().getService(awaitService(type, null));
    }

    /**
     * Installs a bundle the framework did not boot with (see {@link #locationOf(String)}).
     *
     * @param key the bundle's {@code itest.bundle.*} key
     * @return the bundle, installed, not started
     * @throws org.osgi.framework.BundleException when the framework refuses it
     */
    static Bundle install(String key) throws org.osgi.framework.BundleException {
        String location = context().getProperty("itest.location." + key);
        if (location == null) {
            throw new AssertionError("no itest.location." + key + " in this framework; add Itest.locationOf(\"" + key
                    + "\") to the test's configuration");
        }
        return context().installBundle(location);
    }

    /**
     * @param symbolicName a bundle's symbolic name
     * @return whether a bundle of that name is installed
     */
    static boolean isInstalled(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param symbolicName a bundle's symbolic name
     * @return the installed bundle
     */
    static Bundle installedBundle(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " is installed");
    }
}
