package org.omnikernel.resource.ext2.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The superblock's feature flags (compatible, incompatible, read-only compatible) and which of them
 * this implementation supports. An unknown incompatible feature forbids mounting; an unknown
 * read-only-compatible one forbids writing.
 */
final class Features {
    static final int COMPAT_HAS_JOURNAL = 0x4;

    static final int INCOMPAT_FILETYPE = 0x2;
    /** Filetype is the only incompatible feature ext2 revision 1 needs. */
    static final int INCOMPAT_SUPPORTED = INCOMPAT_FILETYPE;

    static final int RO_COMPAT_SPARSE_SUPER = 0x1;
    static final int RO_COMPAT_LARGE_FILE = 0x2;
    static final int RO_COMPAT_SUPPORTED = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE;

    private static final String[] INCOMPAT_NAMES = {"compression", "filetype", "needs_recovery",
        "journal_dev", "meta_bg", null, "extent", "64bit", "mmp", "flex_bg", "ea_inode", null,
        "dirdata", "metadata_csum_seed", "large_dir", "inline_data", "encrypt", "casefold"};
    private static final String[] RO_COMPAT_NAMES = {"sparse_super", "large_file", "btree_dir",
        "huge_file", "uninit_bg", "dir_nlink", "extra_isize", "has_snapshot", "quota", "bigalloc",
        "metadata_csum", "replica", "read-only", "project", "shared_blocks", "verity",
        "orphan_present"};

    private Features() {
    }

    static List<String> incompatNames(int flags) {
        return names(flags, INCOMPAT_NAMES);
    }

    static List<String> roCompatNames(int flags) {
        return names(flags, RO_COMPAT_NAMES);
    }

    private static List<String> names(int flags, String[] table) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1 << bit)) != 0) {
                String name = bit < table.length ? table[bit] : null;
                out.add(name != null ? name : String.format("0x%x", 1 << bit));
            }
        }
        return out;
    }
}
