package org.omnikernel.okrt.grid;

import java.util.concurrent.CompletionStage;

/**
 * The running grid, to look at and to edit while messages flow. OKRT registers one as a service while
 * the kernel runs.
 *
 * <p>Edits are checked before anything changes: an edit that fails fails with a
 * {@link GridEditException} that names the field at fault, and the grid stays as it was. An applied
 * edit is kept (OKRT persists the running grid through Config Admin) and so survives a restart.
 */
public interface GridAdmin {

    /**
     * @return the grid now; rates are over the most recent completed sampling interval
     *         ({@link GridSnapshot#intervalNanos()}), totals since boot
     */
    GridSnapshot snapshot();

    /** @return the running grid, every edit included, as {@code schedulerconfig} XML (seed Fig 3.15) */
    String exportXml();

    /**
     * Applies one edit.
     *
     * @param edit what to change
     * @return completes once every core applied the edit, or exceptionally with a
     *         {@link GridEditException} when it was refused (nothing changed then)
     * @throws GridEditException when the edit is refused before anything is tried
     */
    CompletionStage<EditOutcome> apply(GridEdit edit);
}
