/**
 * The contracts of the storage stack (seed §3.1.2 Fig 3.6, §3.3, §5.7 Table 5.2). Resources meet only
 * through these message protocols and services, never through each other's classes:
 *
 * <pre>
 *  process ─ aopen /fs/… , flows, iosread/ioswrite
 *     │
 *   AIOR ── flows: READ from a source, WRITE to a sink ──► IOR (I/O streams)   {@link FlowProtocol}
 *     │
 *   FCR  ── file cache, the provider of /fs files                               {@link FileCacheProtocol}
 *     │
 *   EXT2R (one instance per mounted volume, ext2r.VOLUME)                       {@link FileProtocol}
 *     │
 *   STOR ── volumes (whole units, MBR and GPT partitions), routing table        {@link VolumeProtocol}
 *     │
 *   SDRWR (block devices) or SCSIR (SCSI LUNs): storage units                   {@link UnitProtocol}
 *     │
 *   DRWR / DIR of the device (resource-bundles/blockdev)
 * </pre>
 *
 * <p>Every request carries the client's {@code Long tag}, echoed in the one answer, which goes back to
 * the sending resource under the sending activity ({@code ExecutionContext.reply}). Offsets and
 * lengths are in bytes. Errors travel as values, never as exceptions. When the activity that sent a
 * request has ended, its answer still comes, under the kernel activity; a request destroyed unrun
 * with its activity comes back to its sender as {@code okrt.undeliverable}, which the storage
 * resources turn into an error answer upstream, so nobody waits for ever. {@link MountListener}s
 * (0.3.0) follow the routing table and write back before an unmount.
 */
@Version("0.4.0")
@Export
package org.omnikernel.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
