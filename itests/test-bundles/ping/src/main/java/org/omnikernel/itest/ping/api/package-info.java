/**
 * What the itest's resource.ping has seen, for tests running in the same framework.
 */
@Version("0.1.0")
@Export
package org.omnikernel.itest.ping.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
