package org.omnikernel.okrt.internal.osgi;

import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.internal.StatisticsFormatter;

/**
 * Gogo commands {@code okrt:stats} and {@code okrt:grid}. Plain methods: Gogo finds them by the
 * {@code osgi.command.function} service property, so OKRT does not depend on Gogo.
 */
public final class KernelCommands {

    private final Kernel kernel;

    KernelCommands(Kernel kernel) {
        this.kernel = kernel;
    }

    /** @return the statistics snapshot (seed §5.3) as tables */
    public String stats() {
        return StatisticsFormatter.format(kernel.statistics());
    }

    /** @return the cores, schedulers and resources of the running grid */
    public String grid() {
        return StatisticsFormatter.summary(kernel);
    }
}
