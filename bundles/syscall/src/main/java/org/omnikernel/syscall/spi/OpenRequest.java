package org.omnikernel.syscall.spi;

import java.util.Map;

import org.omnikernel.okrt.Activity;

/**
 * An {@code aopen} as a provider sees it.
 *
 * @param path        the path without parameters
 * @param prefix      the provider's prefix that matched
 * @param parameters  the parameters after {@code ?}, in order
 * @param processId   the calling process's id
 * @param processName the calling process's name, for naming what it creates
 * @param payer       the I/O aggregate's activity on whose behalf the instance is opened
 */
public record OpenRequest(String path, String prefix, Map<String, String> parameters, long processId,
        String processName, Activity payer) {

    /**
     * @param key the parameters a provider knows
     * @return the first parameter of the request that is not one of them, or null
     */
    public String unknownParameter(String... key) {
        for (String k : parameters.keySet()) {
            if (!java.util.Arrays.asList(key).contains(k)) {
                return k;
            }
        }
        return null;
    }
}
