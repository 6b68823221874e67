package dev.cadenza.runtime.corpus;

import java.io.IOException;

/** A corpus manifest that cannot be used; the message is one line naming the file, the line and the problem. */
public final class ManifestException extends IOException {
    public ManifestException(String message) {
        super(message);
    }
}
