package org.omnikernel.okrt.config;

import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * The cores a scheduler may use, as the configuration writes them (seed §3.1.7.1): a core
 * ({@code 0}), a list ({@code 6,7}), a range ({@code 1-3}), or a range to the last core ({@code 0-?}),
 * combined with commas. Open ranges are resolved against the kernel's core count.
 */
public final class CoreSet {

    private final String spec;
    private final BitSet cores;

    private CoreSet(String spec, BitSet cores) {
        this.spec = spec;
        this.cores = cores;
    }

    /**
     * @param spec       the written form
     * @param kernelCores the number of cores the kernel runs
     * @return the set
     * @throws IllegalArgumentException saying what is wrong and what is valid
     */
    public static CoreSet parse(String spec, int kernelCores) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty core list; " + validForms(kernelCores));
        }
        BitSet set = new BitSet();
        for (String part : spec.split(",", -1)) {
            String p = part.trim();
            int dash = p.indexOf('-');
            if (dash < 0) {
                set.set(exists(number(p, spec, kernelCores), spec, kernelCores));
                continue;
            }
            int first = number(p.substring(0, dash).trim(), spec, kernelCores);
            String lastText = p.substring(dash + 1).trim();
            int last = lastText.equals("?") ? kernelCores - 1 : number(lastText, spec, kernelCores);
            if (first > last) {
                throw new IllegalArgumentException("core range \"" + p + "\" in \"" + spec
                        + "\" is empty: its first core is above its last; " + validForms(kernelCores));
            }
            exists(first, spec, kernelCores);
            exists(last, spec, kernelCores);
            set.set(first, last + 1);
        }
        return new CoreSet(spec.trim(), set);
    }

    /**
     * @param kernelCores the number of cores
     * @return all of them, written {@code 0-?}
     */
    public static CoreSet all(int kernelCores) {
        BitSet set = new BitSet();
        set.set(0, kernelCores);
        return new CoreSet("0-?", set);
    }

    private static int number(String text, String spec, int kernelCores) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" in core list \"" + spec + "\" is not a core number; "
                    + validForms(kernelCores));
        }
    }

    private static int exists(int core, String spec, int kernelCores) {
        if (core < 0 || core >= kernelCores) {
            throw new IllegalArgumentException("core " + core + " in \"" + spec + "\" does not exist: this kernel runs cores 0-"
                    + (kernelCores - 1) + "; " + validForms(kernelCores));
        }
        return core;
    }

    private static String validForms(int kernelCores) {
        return "valid: a core (0), a list (0,1), a range (0-" + (kernelCores - 1) + ") or an open range (0-?), cores 0-"
                + (kernelCores - 1);
    }

    /** @return the kernel core indexes in ascending order */
    public int[] toArray() {
        return cores.stream().toArray();
    }

    /** @return the kernel core indexes */
    public IntStream stream() {
        return cores.stream();
    }

    /** @return how many cores */
    public int size() {
        return cores.cardinality();
    }

    /** @return the written form */
    public String spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreSet c && c.cores.equals(cores);
    }

    @Override
    public int hashCode() {
        return cores.hashCode();
    }

    @Override
    public String toString() {
        return spec;
    }
}
