package dev.cadenza.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.Feature;
import dev.cadenza.evaluation.PieceFeatures;
import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.view.PianoRoll;

/** Writes a report folder: report.md (tables and pictures), report.json (every number), and the pictures. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String DISTANCES_NOTE = "Per feature, the distances between pairs of corpus pieces (intra "
            + "corpus), pairs of generated pieces (intra generated) and generated-to-corpus pairs (inter), as mean ± "
            + "standard deviation (Yang and Lerch 2018). Overlap is the shared area of two Gaussian kernel density "
            + "estimates (1 = identical), KL the Kullback-Leibler divergence in nats (0 = identical). A generator "
            + "that imitates the corpus has inter distances like the corpus's own intra distances.";

    private static final String STRUCTURE_NOTE = "Whether pieces say things twice and have a melody over a bass "
            + "(docs/evaluation.md defines each measure). Each piece is cut into beat-aligned windows of two quarter "
            + "notes. Recurrence: the share of windows whose exact notes (onsets on a 12-per-quarter grid, pitches) come "
            + "back elsewhere in the piece; rhythm and pitch-class recurrence compare only onsets or only pitch classes. "
            + "Distinct windows: distinct contents over windows (1 when nothing returns; low for a loop). Outer-voice "
            + "independence: the share of moves of the lowest and highest sounding pitches in which one holds while "
            + "the other moves, or they move in opposite directions (single lines and block chords score 0). Top-line "
            + "steps: the share of the highest line's changes that are steps of at most 2 semitones. Notes/s at each "
            + "piece's tempo; the corpus's at its files' first tempo.";

    private ReportWriter() {
    }

    /** The text printed by {@code evaluate} on the terminal. */
    public static String text(EvaluationResult result) {
        StringBuilder out = new StringBuilder();
        if (!result.heldOut().isEmpty()) {
            out.append("held-out pieces (").append(result.heldOutSource()).append("): how well each model predicts the next token\n");
            out.append(EvaluationTables.heldOut(result.heldOut()).text()).append('\n');
        }
        for (EvaluationResult.JudgedSet set : result.sets()) {
            Evaluation e = set.evaluation();
            out.append(String.format(Locale.ROOT, "%s: %d pieces (%s) against %d corpus pieces (%s), %s tokens%n",
                    set.label(), e.generated().size(), set.source(), e.reference().size(), result.corpus(), e.encoding()));
            out.append(EvaluationTables.pieces(e).text()).append('\n');
            out.append("distances between pieces per feature (Yang & Lerch 2018); imitating the corpus well means overlap\n"
                    + "near 1 and KL near 0 between the corpus's intra-set and the inter-set distances\n");
            out.append(EvaluationTables.sets(e).text()).append('\n');
        }
        if (!result.sets().isEmpty()) {
            out.append("summary (means over pieces; overlap and KL averaged over the 8 features)\n");
            out.append(EvaluationTables.summary(result.sets()).text()).append('\n');
            out.append("structure (means over pieces; docs/evaluation.md says what each measure counts)\n");
            out.append(EvaluationTables.structure(result.sets()).text());
        }
        return out.toString();
    }

    public static String json(EvaluationResult result) throws IOException {
        return JSON.writeValueAsString(EvaluationJson.of(result));
    }

    /**
     * @param pianoRolls how many pieces of each generated set get a piano roll
     * @return the files written
     */
    public static List<Path> write(EvaluationResult result, Path dir, int pianoRolls) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Cadenza evaluation\n\n");
        md.append("Reference corpus: `").append(result.corpus()).append("`.\n\n");
        if (!result.heldOut().isEmpty()) {
            md.append("## Held-out pieces\n\nHow well the model predicts each next token of pieces it did not train on ("
                    + result.heldOutSource() + "): negative log-likelihood per token in nats, perplexity (its "
                    + "exponential) and top-1 accuracy, with an n-gram baseline fitted on the other corpus pieces.\n\n");
            md.append(EvaluationTables.heldOut(result.heldOut()).markdown()).append('\n');
        }
        List<EvaluationResult.JudgedSet> sets = result.sets();
        if (!sets.isEmpty()) {
            md.append("## Summary\n\nScale fit: the largest share of notes inside one major or harmonic minor scale. "
                    + "Longest repeat: the longest stretch of one pattern of up to 8 tokens repeated back to back "
                    + "(the tutorial's argmax loops). Longest copy: the longest stretch of tokens found verbatim in one "
                    + "corpus piece. Mean overlap and KL: the feature distances below, averaged over the 8 features.\n\n");
            md.append(EvaluationTables.summary(sets).markdown()).append('\n');
            md.append("## Structure\n\n").append(STRUCTURE_NOTE).append("\n\n");
            md.append(EvaluationTables.structure(sets).markdown()).append('\n');
            md.append("<details><summary>Structure of each corpus piece</summary>\n\n")
                    .append(EvaluationTables.pieceStructure(sets.get(0).evaluation().reference()).markdown())
                    .append("\n</details>\n\n");
            md.append("## Feature histograms\n\n");
            Charts.histogram(dir.resolve("pitch-classes.png"), "Pitch-class histogram (mean over pieces)", "pitch class",
                    PieceFeatures.PITCH_CLASS_NAMES, sets, PieceFeatures::pitchClassHistogram);
            Charts.histogram(dir.resolve("note-lengths.png"), "Note-length histogram (mean over pieces)",
                    "note length (1/4 = quarter, . dotted, t triplet)", PieceFeatures.LENGTH_CLASS_NAMES, sets,
                    PieceFeatures::noteLengthHistogram);
            written.add(dir.resolve("pitch-classes.png"));
            written.add(dir.resolve("note-lengths.png"));
            md.append("![pitch classes](pitch-classes.png)\n\n![note lengths](note-lengths.png)\n\n");
            md.append("## Distances between pieces\n\n").append(DISTANCES_NOTE).append("\n\n");
            for (Feature feature : Feature.values()) {
                String name = "distances-" + feature.key().replace('_', '-') + ".png";
                Charts.distances(dir.resolve(name), feature, sets);
                written.add(dir.resolve(name));
                md.append("![").append(feature.label()).append("](").append(name).append(")\n");
            }
            md.append('\n');
            int setIndex = 0;
            for (EvaluationResult.JudgedSet set : sets) {
                setIndex++;
                md.append("## ").append(set.label()).append("\n\nPieces: ").append(set.source()).append(".\n\n");
                md.append(EvaluationTables.pieces(set.evaluation()).markdown()).append('\n');
                md.append(EvaluationTables.pieceStructure(set.evaluation().generated()).markdown()).append('\n');
                md.append(EvaluationTables.sets(set.evaluation()).markdown()).append('\n');
                int rolls = Math.min(pianoRolls, set.pieces().size());
                for (int i = 0; i < rolls; i++) {
                    Piece piece = set.pieces().get(i);
                    String name = sets.size() == 1 ? String.format(Locale.ROOT, "pianoroll-%02d.png", i + 1)
                            : String.format(Locale.ROOT, "pianoroll-set%d-%02d.png", setIndex, i + 1);
                    PianoRoll.write(piece, dir.resolve(name), new PianoRoll.Style(16, 3, 4, 8));
                    written.add(dir.resolve(name));
                    md.append("**").append(piece.name()).append("**\n\n![").append(piece.name()).append("](")
                            .append(name).append(")\n\n");
                }
            }
        }
        Path json = dir.resolve("report.json");
        AtomicFiles.writeString(json, json(result));
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, md.toString());
        written.add(json);
        written.add(report);
        return written;
    }
}
