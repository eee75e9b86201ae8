package org.omnikernel.scheduler.wfq;

import java.math.BigInteger;

import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.scheduler.Client;
import org.omnikernel.okrt.scheduler.ClientState;

/**
 * WFQ's state for one client on one core (the seed's {@code wfqclient_t}): its weight, its virtual
 * finishing time and where it sits in the core's heap and client list. Touched only by the hooks of
 * the {@link WfqCore} that created it, on that core's dispatch thread.
 *
 * <p>The VFT is the client's normalized service so far: every charge of {@code c} units of the
 * scheduler's metric adds {@code c × SCALE / weight}. The remainder of that division is carried to
 * the next charge, so that no service is lost to rounding and long-run shares are exact. While the
 * client waits in the heap its VFT is also the virtual time at which its next service starts.
 */
final class WfqClient implements ClientState {

    /** The client parameter carrying the weight. */
    static final String SHARE = "share";
    /** The weight of a client whose parameters have no {@code share}. */
    static final long DEFAULT_SHARE = 10_000;
    /** The largest weight, as for {@code cpushare} in the configuration. */
    static final long MAX_SHARE = 1_000_000_000L;
    /** Fixed-point scale of VFTs: one unit of consumption at weight 1 is 2^16 VFT units. */
    static final int SCALE_SHIFT = 16;
    /** The largest VFT advance of one charge, so that VFTs stay far from overflow. */
    static final long MAX_STEP = 1L << 56;

    private final Client client;
    /** The weight, from {@code share}; at least 1. */
    long weight;
    /** The virtual finishing time of the service charged so far. */
    long vft;
    /** consumption × SCALE not yet turned into VFT (the division's remainder). */
    private long carry;
    /** Position in the core's heap, or -1 while not ready. */
    int heapIndex = -1;
    /** Order of entering the heap; breaks VFT ties first-come first-served. */
    long heapSeq;
    /** Position in the core's list of clients, or -1 once removed. */
    int slot = -1;
    /** Consumption charged in total, in the metric's unit. */
    long consumed;
    /** Times {@link WfqCore#schedule} chose the client. */
    long dispatches;

    /**
     * @param client the client OKRT presented
     * @param weight its weight
     */
    WfqClient(Client client, long weight) {
        this.client = client;
        this.weight = weight;
    }

    @Override
    public Client client() {
        return client;
    }

    /** @return whether the client is in its core's heap of ready clients */
    boolean ready() {
        return heapIndex >= 0;
    }

    /**
     * Advances the VFT by {@code consumption × SCALE / weight}, carrying the remainder.
     *
     * @param consumption the consumption charged, at least 0
     */
    void charge(long consumption) {
        long step;
        if (consumption < (1L << (62 - SCALE_SHIFT))) {
            // carry < MAX_SHARE < 2^30, so total < 2^62 + 2^30: no overflow
            long total = (consumption << SCALE_SHIFT) + carry;
            step = total / weight;
            carry = total % weight;
        } else {
            BigInteger total = BigInteger.valueOf(consumption).shiftLeft(SCALE_SHIFT).add(BigInteger.valueOf(carry));
            BigInteger[] qr = total.divideAndRemainder(BigInteger.valueOf(weight));
            step = qr[0].bitLength() < 63 ? qr[0].longValue() : Long.MAX_VALUE;
            carry = qr[1].longValue();
        }
        if (step > MAX_STEP) {
            step = MAX_STEP;
            carry = 0;
        }
        vft = vft > Long.MAX_VALUE - step ? Long.MAX_VALUE : vft + step;
    }

    /**
     * Reads a client's weight.
     *
     * @param parameters the client parameters (activity parameters, or {@code share=cpushare})
     * @param label      the client's label, for messages
     * @return {@code share}, or {@link #DEFAULT_SHARE} when absent
     * @throws IllegalArgumentException naming the key and the value when it is not a whole number
     *                                  from 1 to {@link #MAX_SHARE}
     */
    static long weightOf(Parameters parameters, String label) {
        long w;
        try {
            w = parameters.getLong(SHARE, DEFAULT_SHARE, 1);
        } catch (IllegalArgumentException e) {
            throw refused(label, e.getMessage());
        }
        if (w > MAX_SHARE) {
            throw refused(label, "parameter " + SHARE + "=" + w + " is above its maximum " + MAX_SHARE);
        }
        return w;
    }

    private static IllegalArgumentException refused(String label, String why) {
        return new IllegalArgumentException(WfqFactory.NAME + " client " + label + ": " + why
                + " (" + SHARE + " is the client's weight, a whole number from 1 to " + MAX_SHARE + ")");
    }

    @Override
    public String toString() {
        return client.label() + "[w=" + weight + " vft=" + vft + "]";
    }
}
