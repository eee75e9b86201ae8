package org.omnikernel.experiments.internal;

import org.omnikernel.okrt.Resource;
import org.osgi.service.component.annotations.Component;

/** {@code resource.burn.c}: the CPU-bound resource of activity c in experiment E1 (see {@link BurnResource}). */
@Component(service = Resource.class)
public final class BurnResourceC extends BurnResource {

    /** The resource's name, as declared in the bundle's {@code Provide-Capability}. */
    static final String NAME = "resource.burn.c";

    /** Created by Declarative Services. */
    public BurnResourceC() {
        super(NAME);
    }
}
