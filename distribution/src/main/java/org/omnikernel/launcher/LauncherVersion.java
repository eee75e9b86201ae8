package org.omnikernel.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this launcher was built with, from {@code okernel.properties}, which Maven fills in
 * by resource filtering.
 *
 * @param version      the Omnikernel version
 * @param felixVersion the Felix framework version the distribution ships
 */
record LauncherVersion(String version, String felixVersion) {

    /** @return the versions recorded at build time */
    static LauncherVersion load() {
        Properties properties = new Properties();
        try (InputStream in = LauncherVersion.class.getResourceAsStream("okernel.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's okernel.properties", e);
        }
        return new LauncherVersion(properties.getProperty("version", "unknown"),
                properties.getProperty("felix.version", "unknown"));
    }

    @Override
    public String toString() {
        return "Omnikernel " + version + " (Apache Felix " + felixVersion + ")";
    }
}
