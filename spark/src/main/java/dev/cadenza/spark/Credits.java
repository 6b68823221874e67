package dev.cadenza.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

import dev.cadenza.runtime.corpus.Manifest;

/**
 * What a corpus's {@code manifest.csv} says of its pieces, read on the driver by the runtime's {@link Manifest} (the
 * reader {@code cadenza corpus} and {@code train} use, with its checks) and shipped to the executors as plain values.
 * A manifest that holds out pieces ({@code split=validation}) fixes the split, as it does for {@code train}.
 */
record Credits(Map<String, Credit> byPiece, boolean fixedSplit) implements Serializable {
    /** One piece's row: its composer, the style token's name made from it, its title, and whether it is held out. */
    record Credit(String composer, String style, String title, boolean heldOut) implements Serializable {
    }

    static final Credits NONE = new Credits(Map.of(), false);

    /** The manifest of a local corpus folder, or {@link #NONE} when it has none or the corpus is not local. */
    static Credits of(String input) throws IOException {
        if (!MidiSource.isLocal(input)) return NONE;
        Manifest manifest = Manifest.find(MidiSource.localPath(input));
        if (manifest == null) return NONE;
        Map<String, Credit> rows = new HashMap<>();
        manifest.rows().forEach((name, r) -> rows.put(name, new Credit(r.composer(), r.style(),
                r.title().isEmpty() ? null : r.title(), r.heldOut())));
        return new Credits(rows, rows.values().stream().anyMatch(Credit::heldOut));
    }

    /** The piece's credit by its corpus-relative name (either separator), or null. */
    Credit of(SourceFile file) {
        return byPiece.get(file.name().replace('\\', '/'));
    }

    /** The piece's side: the manifest's when it fixes the split, else the stable hash's. */
    String side(SourceFile file, double validationShare) {
        if (!fixedSplit) return StableSplit.side(file.name(), validationShare);
        Credit c = of(file);
        return c != null && c.heldOut() ? StableSplit.VALIDATION : StableSplit.TRAIN;
    }
}
