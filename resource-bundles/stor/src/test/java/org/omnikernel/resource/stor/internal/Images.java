package org.omnikernel.resource.stor.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Disk images with random contents, partitioned by util-linux's sfdisk, and what sfdisk says they hold. */
final class Images {

    /** A partition as {@code sfdisk --json} lists it. */
    record Part(int number, long start, long size, String type, String name) {
    }

    private static final Pattern PART = Pattern.compile("\"node\": \"[^\"]*?(\\d+)\",\\s*\"start\": (\\d+),\\s*\"size\": (\\d+),"
            + "\\s*\"type\": \"([^\"]+)\"(?:,\\s*\"uuid\": \"[^\"]+\")?(?:,\\s*\"name\": \"([^\"]*)\")?");

    private Images() {
    }

    /** @return a new image of {@code bytes} random bytes */
    static Path random(Path dir, String name, int bytes, long seed) throws IOException {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    /** Runs {@code sfdisk} on an image with a script on its standard input. */
    static void sfdisk(Path image, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(sfdisk(), "-q", "--no-reread", "--no-tell-kernel", image.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("sfdisk " + image + " failed: " + out);
        }
    }

    /** @return the partitions sfdisk reads from the image */
    static List<Part> parts(Path image) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(sfdisk(), "--json", image.toString()).redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("sfdisk --json " + image + " failed: " + json);
        }
        List<Part> out = new ArrayList<>();
        Matcher m = PART.matcher(json);
        while (m.find()) {
            out.add(new Part(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4),
                    m.group(5) == null ? "" : m.group(5)));
        }
        return out;
    }

    /** @return util-linux's sfdisk: on the PATH, or in /usr/sbin or /sbin, which a non-root user's PATH often lacks */
    static String sfdisk() {
        java.util.List<String> dirs = new java.util.ArrayList<>(java.util.List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(java.util.List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> java.nio.file.Path.of(d, "sfdisk"))
                .filter(java.nio.file.Files::isExecutable).map(Object::toString).findFirst()
                .orElseThrow(() -> new IllegalStateException("sfdisk (util-linux, Debian package fdisk) is not installed"));
    }
}
