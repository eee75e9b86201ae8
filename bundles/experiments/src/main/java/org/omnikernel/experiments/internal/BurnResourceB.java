package org.omnikernel.experiments.internal;

import org.omnikernel.okrt.Resource;
import org.osgi.service.component.annotations.Component;

/** {@code resource.burn.b}: the CPU-bound resource of activity b in experiment E1 (see {@link BurnResource}). */
@Component(service = Resource.class)
public final class BurnResourceB extends BurnResource {

    /** The resource's name, as declared in the bundle's {@code Provide-Capability}. */
    static final String NAME = "resource.burn.b";

    /** Created by Declarative Services. */
    public BurnResourceB() {
        super(NAME);
    }
}
