/**
 * The live grid (BRIEF §2 items 12–13): an immutable model of the running kernel — cores, schedulers,
 * resources, observed communication paths, activities and devices — and the edits an operator makes
 * to it while messages flow (swap a scheduler, change cores, cpushare, metric, batching or an
 * activity's parameters, import a {@code schedulerconfig}). {@link org.omnikernel.okrt.grid.GridAdmin}
 * is the service that the shell, the HTTP API and the console all use, so every front end sees and
 * edits the same grid with the same checks.
 */
@Version("0.1.0")
@Export
package org.omnikernel.okrt.grid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
