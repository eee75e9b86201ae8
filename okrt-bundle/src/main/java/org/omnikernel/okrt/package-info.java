/**
 * The OKRT message API: activities, messages, resources and their interfaces, send and reply.

 <p>A resource is an OSGi service implementing {@link org.omnikernel.okrt.Resource}; OKRT gives it an
 id and a {@link org.omnikernel.okrt.ResourceContext}. Resources talk only by messages, each of which
 names the {@link org.omnikernel.okrt.Activity} that pays for it (seed §2.4, §3.1).
 */
@Version("0.3.0")
@Export
package org.omnikernel.okrt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
