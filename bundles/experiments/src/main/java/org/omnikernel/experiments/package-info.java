/**
 * How an experiment run inside the kernel reports its outcome: the {@link
 * org.omnikernel.experiments.ExperimentReport} service, whose properties a launcher outside the
 * framework reads without sharing classes, as it reads OKRT's {@code KernelStatus}.
 */
@Version("0.1.0")
@Export
package org.omnikernel.experiments;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
