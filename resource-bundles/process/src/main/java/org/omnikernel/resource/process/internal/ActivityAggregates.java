package org.omnikernel.resource.process.internal;

import org.omnikernel.okrt.Okrt;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.syscall.Err;
import org.omnikernel.syscall.Result;
import org.omnikernel.syscall.spi.KernelObject;
import org.omnikernel.syscall.spi.OpenRequest;
import org.omnikernel.syscall.spi.PathProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Provides {@code /ioaggregate?share=N} and {@code /memoryaggregate?share=N} (seed Figs 4.2, 4.3): an
 * activity whose client parameter {@code share} the I/O and memory schedulers weigh it by.
 */
@Component(service = PathProvider.class, property = {PathProvider.PREFIX + "=" + ActivityAggregates.IOA_PATH,
        PathProvider.PREFIX + "=" + ActivityAggregates.MEMA_PATH})
public final class ActivityAggregates implements PathProvider {

    /** The path of I/O aggregates. */
    public static final String IOA_PATH = "/ioaggregate";
    /** The path of memory aggregates. */
    public static final String MEMA_PATH = "/memoryaggregate";

    private final Okrt okrt;

    /** @param okrt the kernel, which makes the activities */
    @Activate
    public ActivityAggregates(@Reference Okrt okrt) {
        this.okrt = okrt;
    }

    @Override
    public Result<KernelObject> open(OpenRequest request) {
        if (!request.path().equals(request.prefix())) {
            return Result.error(Err.NO_SUCH_PATH, "no path " + request.path() + " under " + request.prefix());
        }
        String unknown = request.unknownParameter("share");
        if (unknown != null) {
            return Result.error(Err.BAD_PARAMETER, request.prefix() + " has no parameter \"" + unknown + "\"; valid: share");
        }
        String kind = request.prefix().equals(IOA_PATH) ? KernelObject.IO_AGGREGATE : KernelObject.MEMORY_AGGREGATE;
        Result<Long> share = Shares.parse(request.parameters().get("share"));
        if (!share.isOk()) {
            return share.cast();
        }
        return Result.ok(create(kind, request.processName() + (kind.equals(KernelObject.IO_AGGREGATE) ? ".ioa" : ".mema"),
                share.value()));
    }

    /**
     * @param kind  {@link KernelObject#IO_AGGREGATE} or {@link KernelObject#MEMORY_AGGREGATE}
     * @param name  the activity's name
     * @param share its share
     * @return the aggregate
     */
    ActivityAggregate create(String kind, String name, long share) {
        return new ActivityAggregate(okrt, kind, okrt.createActivity(name, Parameters.of("share", Long.toString(share))));
    }
}
