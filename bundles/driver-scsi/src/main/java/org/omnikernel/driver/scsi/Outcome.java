package org.omnikernel.driver.scsi;

/**
 * How a command ended, before it becomes a completion.
 *
 * @param sense    {@link Sense#NONE} for GOOD, else the CHECK CONDITION's sense
 * @param residual bytes of the data buffer not transferred
 */
record Outcome(Sense sense, int residual) {

    static Outcome good(int residual) {
        return new Outcome(Sense.NONE, residual);
    }

    static Outcome check(Sense sense) {
        return new Outcome(sense, 0);
    }

    boolean isGood() {
        return sense.equals(Sense.NONE);
    }
}
