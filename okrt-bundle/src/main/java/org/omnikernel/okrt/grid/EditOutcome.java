package org.omnikernel.okrt.grid;

/**
 * What an applied edit did.
 *
 * @param edit                  the edit
 * @param description           one sentence, for shells, audit logs and consoles
 * @param longestCorePauseNanos the longest time a core stopped dispatching for it (0 when none did)
 */
public record EditOutcome(GridEdit edit, String description, long longestCorePauseNanos) {
}
