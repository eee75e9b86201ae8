/**
 * The ext2 file system core that EXT2R runs (seed §3.3, §5.7): the on-disk format (revision 1) and the
 * file-system operations, written synchronously over a {@link org.omnikernel.resource.ext2.internal.BlockView}.
 *
 * <p>Every operation runs in an {@link org.omnikernel.resource.ext2.internal.Ext2Transaction}: reads
 * go through it, writes are copied into its dirty set, and only a transaction that completes is
 * committed. A block that is not resident aborts the transaction with
 * {@link org.omnikernel.resource.ext2.internal.BlockNotResident}; the resource fetches the block by
 * message and runs the operation again, so a run-to-completion handler never waits for the disk.
 *
 * <p>Private: nothing outside this bundle uses it yet.
 */
package org.omnikernel.resource.ext2.internal;
