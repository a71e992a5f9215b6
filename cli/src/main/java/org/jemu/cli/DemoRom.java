package org.jemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jemu.machine.MachineException;

/** The bundled demo ROM ({@code test-roms/aarch64/demo.bin}) that {@code jemu run} boots by default. */
final class DemoRom {
    private DemoRom() {
    }

    /** Copies the demo ROM from the jar to a temporary file (deleted at exit) and returns its path. */
    static Path extract() {
        try (InputStream in = DemoRom.class.getResourceAsStream("/roms/aarch64/demo.bin")) {
            if (in == null) {
                throw new MachineException("the demo ROM is missing from this build (rebuild with ./jemu)");
            }
            Path p = Files.createTempFile("jemu-demo-", ".bin");
            p.toFile().deleteOnExit();
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        } catch (IOException e) {
            throw new MachineException("cannot extract the demo ROM: " + e.getMessage());
        }
    }
}
