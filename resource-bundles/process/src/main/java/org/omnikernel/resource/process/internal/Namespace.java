package org.omnikernel.resource.process.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.omnikernel.okrt.Activity;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;

/**
 * The namespace (seed §3.1.4.2, §3.3.1): paths to the resources that provide them. A path is
 * {@code /prefix[/more]} followed by parameters, each after a {@code ?} (the seed's form,
 * {@code /cpuaggregate?policy=propshare.wfq?share=10000}) or {@code &}; a parameter without {@code =}
 * is a flag with an empty value ({@code /fs/a.txt?create?truncate}). The longest provided prefix
 * that ends at a segment boundary wins.
 */
final class Namespace {

    private final Map<String, PathProvider> providers = new ConcurrentHashMap<>();

    void add(String prefix, PathProvider p) {
        providers.put(prefix, p);
    }

    void remove(String prefix, PathProvider p) {
        providers.remove(prefix, p);
    }

    /**
     * @return the opened object, or {@link Err#NO_SUCH_PATH} / {@link Err#BAD_PARAMETER} naming the problem
     */
    Result<KernelObject> open(String path, long processId, String processName, Activity payer) {
        if (path == null || !path.startsWith("/")) {
            return Result.error(Err.NO_SUCH_PATH, "path \"" + path + "\" does not start with /");
        }
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("[?&]")) {
                // A flag such as ?create (AopenFlags) is a parameter without a value: "".
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (name.isEmpty()) {
                    return Result.error(Err.BAD_PARAMETER, "parameter \"" + pair + "\" of " + bare + " has no name");
                }
                if (params.put(name, eq < 0 ? "" : pair.substring(eq + 1)) != null) {
                    return Result.error(Err.BAD_PARAMETER, "parameter " + name + " of " + bare + " given twice");
                }
            }
        }
        String prefix = longestPrefix(bare);
        if (prefix == null) {
            return Result.error(Err.NO_SUCH_PATH, "no resource provides " + bare + "; provided: "
                    + new TreeSet<>(providers.keySet()));
        }
        return providers.get(prefix).open(new OpenRequest(bare, prefix, Map.copyOf(params), processId, processName, payer));
    }

    private String longestPrefix(String bare) {
        String best = null;
        for (String p : providers.keySet()) {
            boolean matches = bare.equals(p) || bare.startsWith(p.endsWith("/") ? p : p + "/");
            if (matches && (best == null || p.length() > best.length())) {
                best = p;
            }
        }
        return best;
    }
}
