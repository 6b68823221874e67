package dev.cadenza.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cadenza.evaluation.KeyFit;

/** The "fit to the asked key" part of {@code evaluate}'s output, for models with key tokens. */
final class KeyFitReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyFitReport() {
    }

    /** A table per sampling setting: each piece's asked key and fit, and the mean; nothing when there are no fits. */
    static String text(Map<String, List<KeyFit>> bySetting) {
        if (bySetting.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        out.append("\nFit to the asked key (share of notes in the key's scale; harmonic minor for minor keys), and the\n"
                + "shares of notes on its leading tone (a semitone below the tonic: G# in A minor) and lowered seventh (G)\n");
        for (Map.Entry<String, List<KeyFit>> e : bySetting.entrySet()) {
            List<KeyFit> fits = e.getValue();
            out.append(String.format(Locale.ROOT, "%s: mean %.3f over %d pieces%n", e.getKey(), KeyFit.mean(fits), fits.size()));
            List<KeyFit> minor = KeyFit.minor(fits);
            if (!minor.isEmpty()) {
                out.append(String.format(Locale.ROOT, "  minor keys (%d pieces): fit %.3f, leading tone %.3f, lowered seventh %.3f%n",
                        minor.size(), KeyFit.mean(minor), KeyFit.meanLeadingTone(minor), KeyFit.meanLoweredSeventh(minor)));
            }
            out.append(String.format(Locale.ROOT, "  %-28s %-4s %11s  %5s  %7s  %7s%n", "piece", "key", "notes", "fit", "leading", "lowered"));
            for (KeyFit f : fits) {
                out.append(String.format(Locale.ROOT, "  %-28s %-4s %5d notes  %.3f  %7.3f  %7.3f%n", f.piece(), f.key(), f.notes(),
                        f.fit(), f.leadingTone(), f.loweredSeventh()));
            }
        }
        return out.toString();
    }

    /** The JSON report with a {@code keyFit} object added (setting to mean and pieces); unchanged without fits. */
    static String addToJson(String json, Map<String, List<KeyFit>> bySetting) throws IOException {
        if (bySetting.isEmpty()) return json;
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        Map<String, Object> fits = new LinkedHashMap<>();
        for (Map.Entry<String, List<KeyFit>> e : bySetting.entrySet()) {
            List<Map<String, Object>> pieces = new ArrayList<>();
            for (KeyFit f : e.getValue()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("piece", f.piece());
                p.put("key", f.key().toString());
                p.put("notes", f.notes());
                p.put("fit", f.fit());
                p.put("leadingTone", f.leadingTone());
                p.put("loweredSeventh", f.loweredSeventh());
                pieces.add(p);
            }
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("mean", KeyFit.mean(e.getValue()));
            List<KeyFit> minor = KeyFit.minor(e.getValue());
            if (!minor.isEmpty()) {
                set.put("minor", Map.of("pieces", minor.size(), "fit", KeyFit.mean(minor),
                        "leadingTone", KeyFit.meanLeadingTone(minor), "loweredSeventh", KeyFit.meanLoweredSeventh(minor)));
            }
            set.put("pieces", pieces);
            fits.put(e.getKey(), set);
        }
        root.set("keyFit", JSON.valueToTree(fits));
        return JSON.writeValueAsString(root);
    }
}
