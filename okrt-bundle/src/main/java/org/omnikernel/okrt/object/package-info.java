/**
 * The OKRT object system (seed §3.1.3–3.1.4): reference-counted objects with uids and locks,
 weak references that lock only if still alive, weak-valued dictionaries, and closures that hold
 strong references to their arguments and run a destroy callback if they are destroyed unrun.
 */
@Version("0.3.0")
@Export
package org.omnikernel.okrt.object;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
