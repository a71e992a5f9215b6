package org.jemu.machine.virtio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jemu.machine.MachineException;

/**
 * A raw disk image file ({@code format=raw}): guest sector {@code n} is bytes {@code 512 n ..} of the file.
 * Opened read-write; reads and writes are positional ({@link FileChannel#read(ByteBuffer, long)}), a flush is
 * {@link FileChannel#force force(false)}. The capacity is the file size rounded down to whole 512-byte sectors.
 */
public final class RawImage implements AutoCloseable {
    public static final int SECTOR = 512;

    private final Path path;
    private final FileChannel ch;
    private final long sectors;

    private RawImage(Path path, FileChannel ch, long sectors) {
        this.path = path;
        this.ch = ch;
        this.sectors = sectors;
    }

    /**
     * Opens {@code path} read-write.
     *
     * @param what the option being served, for the error message (for example {@code "-drive file=x.img"})
     * @throws MachineException one line if the file is missing, not a regular file or cannot be opened
     */
    public static RawImage open(Path path, String what) {
        if (!Files.exists(path)) {
            throw new MachineException(what + ": no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new MachineException(what + ": not a regular file");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new MachineException(what + ": no such file");
        } catch (AccessDeniedException e) {
            throw new MachineException(what + ": permission denied (the image must be readable and writable)");
        } catch (IOException e) {
            throw new MachineException(what + ": cannot open: " + e.getMessage());
        }
        try {
            long size = ch.size();
            return new RawImage(path, ch, size / SECTOR);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new MachineException(what + ": cannot read the size: " + e.getMessage());
        }
    }

    public Path path() {
        return path;
    }

    /** Capacity in 512-byte sectors. */
    public long sectors() {
        return sectors;
    }

    /** Reads {@code len} bytes at byte {@code pos}; past the end of the file reads zeros. */
    public void read(long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + (b.position() - off));
            if (n < 0) {
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
            }
        }
    }

    /** Writes {@code len} bytes at byte {@code pos}. */
    public void write(long pos, byte[] src, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(src, off, len);
        while (b.hasRemaining()) {
            ch.write(b, pos + (b.position() - off));
        }
    }

    /** Writes the file's data to the storage device. */
    public void flush() throws IOException {
        ch.force(false);
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing useful to do at shutdown
        }
    }
}
