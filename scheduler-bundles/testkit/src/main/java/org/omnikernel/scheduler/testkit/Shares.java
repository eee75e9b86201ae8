package org.omnikernel.scheduler.testkit;

import java.util.Locale;

/**
 * Amounts (CPU time, messages) of several activities or resources and each one's part of their total.
 * From {@link Window}.
 */
public final class Shares {

    private final long[] amounts;
    private final long total;

    /** @param amounts each one's amount, in the order a test names them */
    public Shares(long... amounts) {
        this.amounts = amounts.clone();
        long sum = 0;
        for (long a : amounts) {
            sum += a;
        }
        this.total = sum;
    }

    /**
     * @param i an index in the order the amounts were named
     * @return that amount
     */
    public long amount(int i) {
        return amounts[i];
    }

    /** @return the sum of the amounts */
    public long total() {
        return total;
    }

    /**
     * @param i an index in the order the amounts were named
     * @return that amount over the total, from 0 to 1 (NaN when the total is 0)
     */
    public double fraction(int i) {
        return (double) amounts[i] / total;
    }

    /**
     * @param i an index in the order the amounts were named
     * @return that amount over the total, in percent
     */
    public double percent(int i) {
        return 100.0 * amounts[i] / total;
    }

    /** @return every amount's {@link #percent} */
    public double[] percents() {
        double[] p = new double[amounts.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = percent(i);
        }
        return p;
    }

    /** @return the amounts and their percentages, for failure messages */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < amounts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%d (%.2f%%)", amounts[i], percent(i)));
        }
        return sb.toString();
    }
}
