package org.omnikernel.http.access;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The append-only record of every edit attempted over HTTP: applied, refused by the kernel, or
 * refused by access control. Stored as JSON lines in the file named by the framework property
 * {@code omnikernel.http.audit}.
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends one record and flushes it to the file.
     *
     * @param record what happened
     */
    void append(AuditRecord record);

    /**
     * @param limit at most this many
     * @return the most recent records, oldest first
     */
    List<AuditRecord> recent(int limit);
}
