package org.omnikernel.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operations of {@code ./okernel fs}, with their operands in the order of cp and mv: source
 * first. {@code I} is a path in the image (absolute), {@code L} a local file.
 */
enum FsOperation {
    /** List a directory (the root by default). */
    LS("ls [/DIR]", 0, 1, false),
    /** Show a file's attributes. */
    STAT("stat /PATH", 1, 1, false),
    /** Print a file's bytes. */
    CAT("cat /FILE", 1, 1, false),
    /** Copy a file out of the image. */
    GET("get /FILE LOCAL", 2, 2, false),
    /** Copy a local file into the image. */
    PUT("put LOCAL /FILE", 2, 2, true),
    /** Make a directory. */
    MKDIR("mkdir /DIR", 1, 1, true),
    /** Remove a file, a link or an empty directory. */
    RM("rm /PATH", 1, 1, true),
    /** Move or rename. */
    MV("mv /OLD /NEW", 2, 2, true);

    private final String usage;
    private final int minOperands;
    private final int maxOperands;
    private final boolean writes;

    FsOperation(String usage, int minOperands, int maxOperands, boolean writes) {
        this.usage = usage;
        this.minOperands = minOperands;
        this.maxOperands = maxOperands;
        this.writes = writes;
    }

    /** @return its name on the command line */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return how it is written, e.g. {@code get /FILE LOCAL} */
    String usage() {
        return usage;
    }

    /** @return whether it changes the image */
    boolean writes() {
        return writes;
    }

    /**
     * @param word a word from the command line
     * @return the operation it names
     */
    static Optional<FsOperation> of(String word) {
        return Arrays.stream(values()).filter(o -> o.word().equals(word)).findFirst();
    }

    /** @return every operation's name, for messages */
    static String valid() {
        return Arrays.stream(values()).map(FsOperation::word).collect(Collectors.joining(", "));
    }

    /**
     * Checks the operands: their count, and that image paths are absolute.
     *
     * @param operands the operands
     * @return null when fine, else what is wrong
     */
    String check(List<String> operands) {
        if (operands.size() < minOperands || operands.size() > maxOperands) {
            return "fs " + word() + " takes " + (minOperands == maxOperands ? Integer.toString(minOperands)
                    : minOperands + " or " + maxOperands) + " operand" + (maxOperands == 1 ? "" : "s") + ": fs --image IMG "
                    + usage + " (got " + operands.size() + ")";
        }
        String[] roles = usage.split(" ");
        for (int i = 0; i < operands.size(); i++) {
            String role = roles[i + 1].replace("[", "").replace("]", "");
            if (role.startsWith("/") && !operands.get(i).startsWith("/")) {
                return "fs " + word() + ": '" + operands.get(i) + "' must be a path in the image, starting with /";
            }
        }
        return null;
    }
}
