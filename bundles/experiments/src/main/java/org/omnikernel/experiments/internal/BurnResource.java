package org.omnikernel.experiments.internal;

import java.lang.System.Logger.Level;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.SendResult;

/**
 * A synthetic CPU-bound resource: the stand-in, until threads exist, for the seed's thread resource
 * (TR) instance of one CPU aggregate (§3.4, §5.4). Request {@value #BURN}{@code (Long sliceNanos)}
 * spins for the slice on the core's clock, then sends itself again with the same activity and
 * affinity label, so that each label keeps exactly one message in flight for as long as its activity
 * lives: a closed loop with no producer thread. The loop ends when the activity is terminated (the
 * re-send is refused with {@code ACTIVITY_TERMINATED}).
 *
 * <p>Handlers of one resource run on several cores at once; the resource keeps no state.
 */
abstract class BurnResource implements Resource {

    /** The request type: spin for the slice, then send it again. */
    static final String BURN = "BURN";

    private static final System.Logger LOG = System.getLogger("org.omnikernel.experiments");

    private final String name;

    /** @param name the resource's name, such as {@code resource.burn.a} */
    BurnResource(String name) {
        this.name = name;
    }

    @Override
    public final ResourceInterface resourceInterface() {
        return ResourceInterface.named(name).request(BURN, this::burn, Long.class).build();
    }

    private void burn(ExecutionContext ctx, Message m) {
        long slice = m.argument(0, Long.class);
        spin(slice);
        SendResult again = ctx.send(name, BURN, slice);
        if (!again.isOk() && again.status() != SendResult.Status.ACTIVITY_TERMINATED) {
            LOG.log(Level.WARNING, name + ": a BURN loop of " + ctx.activity() + " ended: " + again);
        }
    }

    /**
     * Keeps the core busy for a slice of wall-clock time.
     *
     * @param nanos how long
     */
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
