package org.omnikernel.resource.filecache.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.omnikernel.okrt.Activity;
import org.omnikernel.okrt.Parameters;
import org.omnikernel.okrt.internal.Kernel;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.scheduler.roundrobin.RoundRobinFactory;
import org.omnikernel.scheduler.testkit.KernelRig;
import org.omnikernel.scheduler.wfq.WfqFactory;
import org.omnikernel.storage.FileCacheProtocol;
import org.omnikernel.storage.FileHandle;
import org.omnikernel.storage.IoReply;

/**
 * A real kernel on two cores with FCR, a host-directory file system mounted at /fs and a client that
 * sends to FCR.
 */
final class FcrRig implements AutoCloseable {

    static final String GRID = """
            <schedulerconfig batch="8">
              <cpuscheduler scheduler="propshare.wfq" core="0-?"/>
              <resourcescheduler resource="*" metric="cpu" scheduler="roundrobin" core="0-?" cpushare="1000"/>
            </schedulerconfig>
            """;
    static final String FS = "hostfs.test";
    /** The default tunables without read-ahead: the file system sees exactly the pages asked for. */
    static final FcrConfig NO_READ_AHEAD = new FcrConfig(64L << 20, 8L << 20, 0, 0);

    /**
     * Writes a file of random bytes (seeded by its name) into the host directory.
     *
     * @return its bytes
     */
    static byte[] hostFile(Path dir, String name, int size) throws java.io.IOException {
        byte[] b = new byte[size];
        new java.util.Random(name.hashCode()).nextBytes(b);
        java.nio.file.Files.write(dir.resolve(name), b);
        return b;
    }

    final KernelRig rig;
    final Kernel kernel;
    final HostFileSystem fs;
    final RoutingTable table = new RoutingTable();
    final FileCacheResource fcr;
    final FcrClient client = new FcrClient();

    FcrRig(Path dir, FcrConfig config, Set<String> moreResources) {
        java.util.Set<String> names = new java.util.HashSet<>(Set.of(FileCacheResource.NAME, FileGate.NAME, FS,
                FcrClient.NAME));
        names.addAll(moreResources);
        rig = KernelRig.boot(GRID, 2, names, new RoundRobinFactory(), new WfqFactory());
        kernel = rig.kernel();
        fs = new HostFileSystem(FS, dir);
        table.add("/fs", FS, false);
        fcr = new FileCacheResource(table, config, rig.createActivity("fcr.writeback", org.omnikernel.okrt.Parameters.EMPTY));
        kernel.attach(fs).orElseThrow();
        kernel.attach(fcr).orElseThrow();
        kernel.attach(client).orElseThrow();
    }

    FcrRig(Path dir, FcrConfig config) {
        this(dir, config, Set.of());
    }

    FcrRig(Path dir) {
        this(dir, FcrConfig.DEFAULTS);
    }

    Activity activity(String name) {
        return kernel.createActivity(name, Parameters.of("share", "1"));
    }

    long open(Activity a, String path, long flags) {
        IoReply r = client.call(a, FileCacheProtocol.OPEN, path, flags, 0644);
        assertTrue(r.isOk(), () -> "OPEN " + path + ": " + r);
        return r.value(FileHandle.class).handle();
    }

    byte[] read(Activity a, long handle, long offset, int length) {
        IoReply r = client.call(a, FileCacheProtocol.READ, handle, offset, length);
        assertTrue(r.isOk(), () -> "READ: " + r);
        return bytes(r.value(Buffer.class));
    }

    void write(Activity a, long handle, long offset, byte[] data) {
        IoReply r = client.call(a, FileCacheProtocol.WRITE, handle, offset, Buffer.of(data));
        assertTrue(r.isOk(), () -> "WRITE: " + r);
    }

    IoReply close(Activity a, long handle, long flags) {
        return client.call(a, FileCacheProtocol.CLOSE, handle, flags);
    }

    static byte[] bytes(Buffer b) {
        byte[] out = new byte[b.length()];
        b.view().get(out);
        return out;
    }

    @Override
    public void close() {
        rig.close();
    }
}
