package dev.cadenza.runtime.io;

import java.nio.file.Path;

/** A process that is stopped in the middle of an atomic write: run by {@link AtomicFilesTest} and sent SIGTERM. */
public final class SlowWrite {
    private SlowWrite() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1000]);
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
