package org.omnikernel.resource.filecache.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.omnikernel.okrt.ExecutionContext;
import org.omnikernel.okrt.Message;
import org.omnikernel.okrt.Resource;
import org.omnikernel.okrt.ResourceInterface;
import org.omnikernel.okrt.object.Buffer;
import org.omnikernel.storage.Volume;
import org.omnikernel.storage.VolumeProtocol;

/**
 * For the tests over real ext2: STOR's part for one volume, {@link VolumeProtocol} answered from an
 * image file (whole blocks, within the volume).
 */
final class ImageVolume implements Resource, AutoCloseable {

    private final FileChannel image;
    final Volume volume;

    ImageVolume(Path file, String name) throws IOException {
        image = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        volume = new Volume(name, "image", 0, image.size() / 512 * 512, 512, false, Volume.WHOLE, "", "");
    }

    @Override
    public ResourceInterface resourceInterface() {
        return ResourceInterface.named(VolumeProtocol.RESOURCE)
                .request(VolumeProtocol.READ, this::read, Long.class, String.class, Long.class, Integer.class)
                .request(VolumeProtocol.WRITE, this::write, Long.class, String.class, Long.class, Buffer.class)
                .request(VolumeProtocol.FLUSH, (c, m) -> {
                    image.force(true);
                    done(c, m, Buffer.allocate(0), "");
                }, Long.class, String.class)
                .build();
    }

    private String outside(Message m, long offset, long length) {
        if (!volume.name().equals(m.argument(1, String.class))) {
            return "no volume " + m.argument(1, String.class);
        }
        if (offset < 0 || offset % 512 != 0 || length % 512 != 0 || offset + length > volume.size()) {
            return "bytes " + offset + "+" + length + " are not whole blocks within " + volume.name();
        }
        return "";
    }

    private static void done(ExecutionContext c, Message m, Buffer data, String error) {
        c.reply(m, VolumeProtocol.DONE, m.argument(0, Long.class), data, error);
    }

    private void read(ExecutionContext c, Message m) throws IOException {
        long off = m.argument(2, Long.class);
        int len = m.argument(3, Integer.class);
        String bad = outside(m, off, len);
        if (!bad.isEmpty()) {
            done(c, m, Buffer.allocate(0), bad);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(len);
        while (b.hasRemaining() && image.read(b, off + b.position()) > 0) {
            // until full
        }
        done(c, m, Buffer.of(b.array()), "");
    }

    private void write(ExecutionContext c, Message m) throws IOException {
        long off = m.argument(2, Long.class);
        Buffer data = m.argument(3, Buffer.class);
        String bad = outside(m, off, data.length());
        if (bad.isEmpty()) {
            ByteBuffer b = data.view();
            while (b.hasRemaining()) {
                image.write(b, off + b.position());
            }
        }
        done(c, m, Buffer.allocate(0), bad);
    }

    @Override
    public void close() throws IOException {
        image.close();
    }
}
