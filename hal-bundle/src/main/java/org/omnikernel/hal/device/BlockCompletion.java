package org.omnikernel.hal.device;

/**
 * The interrupt payload for a finished {@link BlockRequest}.
 *
 * @param request the request
 * @param error   null when it succeeded, else what went wrong (e.g. "medium error at block 17")
 */
public record BlockCompletion(BlockRequest request, String error) {

    /** @return whether the request succeeded */
    public boolean ok() {
        return error == null;
    }
}
