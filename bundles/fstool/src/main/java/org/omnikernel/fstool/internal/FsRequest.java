package org.omnikernel.fstool.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What {@code ./okernel fs} asks for, read from the request file the launcher writes (named by the
 * framework property {@value #PROPERTY}), and where the answers go:
 *
 * <pre>
 *  request.properties   op=get  operand.0=/a/b  operand.1=/home/me/b.txt  mount=/fs  sync=true
 *  out                  what the operation prints (ls, stat, cat)
 *  result.properties    status=0 | n, error=the kernel's code and message
 * </pre>
 *
 * @param op       the operation
 * @param operands its operands, source first
 * @param mount    the mount point the image is mounted at
 * @param dir      the directory of the request, for {@code out} and {@code result.properties}
 * @param sync     whether changes are synced before the program ends (else the kernel writes them
 *                 back after it: the write-back that outlives its writer)
 */
record FsRequest(String op, List<String> operands, String mount, Path dir, boolean sync) {

    /** Framework property: the request file; the bundle is inert without it. */
    static final String PROPERTY = "omnikernel.fstool.request";

    static FsRequest read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        List<String> operands = new ArrayList<>();
        for (int i = 0; p.getProperty("operand." + i) != null; i++) {
            operands.add(p.getProperty("operand." + i));
        }
        String op = p.getProperty("op");
        if (op == null) {
            throw new IOException(file + " names no op");
        }
        return new FsRequest(op, List.copyOf(operands), p.getProperty("mount", "/fs"), file.toAbsolutePath().getParent(),
                !"false".equals(p.getProperty("sync", "true")));
    }

    /** @return where the operation's printed output goes */
    Path out() {
        return dir.resolve("out");
    }

    /** @return where the outcome goes */
    Path result() {
        return dir.resolve("result.properties");
    }

    /** @return an image path below the mount point: {@code /a/b} → {@code /fs/a/b} */
    String inMount(String imagePath) {
        return imagePath.equals("/") ? mount : mount + imagePath;
    }
}
