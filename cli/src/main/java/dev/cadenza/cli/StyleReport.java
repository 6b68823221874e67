package dev.cadenza.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cadenza.app.UserError;
import dev.cadenza.evaluation.StyleClassification;
import dev.cadenza.evaluation.StyleFeatures;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.Manifest;
import dev.cadenza.runtime.midi.Piece;

/** The "told apart by style" part of {@code evaluate --styles}: which real pieces, and the tables. */
final class StyleReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StyleReport() {
    }

    /**
     * The training pieces (not {@code split=validation}) of each style by the corpus's manifest, passed through
     * {@code encoding} (encoded and decoded) when it is given, so the real pieces keep only what the judged model's
     * pieces can hold (velocity bins, the beat grid, the pedal folded in): what the encoding drops cannot tell them
     * apart.
     *
     * @throws UserError when the corpus has no manifest or names no training piece of a style
     */
    static Map<String, List<Piece>> realPieces(Corpus corpus, List<String> styles, Encoding encoding) {
        Manifest manifest = corpus.manifest();
        if (manifest == null) {
            throw new UserError("--styles: " + corpus.root() + " has no " + Manifest.FILE_NAME
                    + " naming each piece's composer; the real pieces of a style come from it");
        }
        Map<String, List<Piece>> out = new LinkedHashMap<>();
        for (String s : styles) out.put(s, new ArrayList<>());
        for (Corpus.Entry e : corpus.pieces()) {
            Manifest.Row row = corpus.row(e);
            if (row == null || row.heldOut() || !out.containsKey(row.style())) continue;
            Piece p = e.piece();
            out.get(row.style()).add(encoding == null ? p : encoding.decode(e.name(), encoding.encode(p), p.tempoBpm()));
        }
        for (Map.Entry<String, List<Piece>> e : out.entrySet()) {
            if (e.getValue().size() < 2) {
                throw new UserError("--styles: " + manifest.file() + " names " + e.getValue().size() + " training piece(s) of '"
                        + e.getKey() + "'; two or more are needed (its styles: "
                        + String.join(", ", new TreeSet<>(manifest.styleCounts().keySet())) + ")");
            }
        }
        return out;
    }

    /** The tables: per set of styles, the real pieces' cross-validated accuracy, then the generated pieces' share. */
    static String text(Map<String, StyleClassification> bySetting) {
        if (bySetting.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        out.append("\nTold apart by style: a nearest-centroid classifier on standardised ")
                .append(String.join(", ", StyleFeatures.NAMES)).append(",\nfitted on the corpus's training pieces of each style\n");
        boolean first = true;
        for (Map.Entry<String, StyleClassification> e : bySetting.entrySet()) {
            StyleClassification c = e.getValue();
            if (first) { // the real pieces are the same for every setting
                out.append(String.format(Locale.ROOT, "real pieces, leave-one-out: %.3f of %d right%n", c.realAccuracy(null), c.real().size()));
                for (Map.Entry<String, Integer> n : c.counts(c.real()).entrySet()) {
                    out.append(String.format(Locale.ROOT, "  %-16s %3d pieces  %.3f right%n", n.getKey(), n.getValue(),
                            c.realAccuracy(n.getKey())));
                }
                first = false;
            }
            if (c.generated().isEmpty()) continue;
            out.append(String.format(Locale.ROOT, "%s: %.3f of %d generated pieces classified as the style they were asked for%n",
                    e.getKey(), c.generatedShare(null), c.generated().size()));
            for (Map.Entry<String, Integer> n : c.counts(c.generated()).entrySet()) {
                out.append(String.format(Locale.ROOT, "  asked %-10s %3d pieces  %.3f as asked%n", n.getKey(), n.getValue(),
                        c.generatedShare(n.getKey())));
            }
            for (StyleClassification.Judged j : c.generated()) {
                out.append(String.format(Locale.ROOT, "    %-28s asked %-12s classified %s%n", j.piece(), j.style(), j.judged()));
            }
        }
        return out.toString();
    }

    /** The JSON report with a {@code styles} object added; unchanged when nothing was classified. */
    static String addToJson(String json, Map<String, StyleClassification> bySetting) throws IOException {
        if (bySetting.isEmpty()) return json;
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        StyleClassification any = bySetting.values().iterator().next();
        Map<String, Object> styles = new LinkedHashMap<>();
        styles.put("classifier", "nearest centroid on standardised features");
        styles.put("features", StyleFeatures.NAMES);
        styles.put("real", Map.of("accuracy", any.realAccuracy(null), "perStyle", perStyle(any, any.real(), true),
                "pieces", any.real()));
        Map<String, Object> sets = new LinkedHashMap<>();
        for (Map.Entry<String, StyleClassification> e : bySetting.entrySet()) {
            StyleClassification c = e.getValue();
            if (c.generated().isEmpty()) continue;
            sets.put(e.getKey(), Map.of("asAsked", c.generatedShare(null), "perStyle", perStyle(c, c.generated(), false),
                    "pieces", c.generated()));
        }
        if (!sets.isEmpty()) styles.put("generated", sets);
        root.set("styles", JSON.valueToTree(styles));
        return JSON.writeValueAsString(root);
    }

    private static Map<String, Object> perStyle(StyleClassification c, List<StyleClassification.Judged> judged, boolean real) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> n : c.counts(judged).entrySet()) {
            out.put(n.getKey(), Map.of("pieces", n.getValue(),
                    real ? "accuracy" : "asAsked", real ? c.realAccuracy(n.getKey()) : c.generatedShare(n.getKey())));
        }
        return out;
    }
}
