/**
 * The grid configuration: the seed's {@code schedulerconfig} XML (Fig 3.15), its model and
 its validating parser.
 */
@Version("0.2.0")
@Export
package org.omnikernel.okrt.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
