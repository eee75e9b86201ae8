/**
 * Immutable statistics snapshots (seed §5.3): per core, per resource, per activity and per
 scheduler client, timestamped with the monotonic clock.
 */
@Version("0.1.0")
@Export
package org.omnikernel.okrt.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
