package dev.cadenza.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.runtime.eval.Evaluation;
import dev.cadenza.runtime.eval.Feature;
import dev.cadenza.runtime.eval.PieceFeatures;
import dev.cadenza.runtime.eval.PieceReport;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.view.PianoRoll;

/** Writes a report folder: report.md (tables and pictures), report.json (every number), and the pictures. */
public final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** The text printed by {@code evaluate} on the terminal. */
    public static String text(EvaluationResult result) {
        StringBuilder out = new StringBuilder();
        if (!result.heldOut().isEmpty()) {
            out.append("held-out pieces: how well each model predicts the next token\n");
            out.append(EvaluationTables.heldOut(result.heldOut()).text()).append('\n');
        }
        Evaluation e = result.evaluation();
        if (e != null) {
            out.append(String.format(Locale.ROOT, "generated pieces (%s), judged against %d corpus pieces (%s), "
                    + "%s tokens%n", result.generatedSource(), e.reference().size(), result.corpus(), e.encoding()));
            out.append(EvaluationTables.pieces(e).text()).append('\n');
            out.append(EvaluationTables.summary(e).text()).append('\n');
            out.append("distances between pieces per feature (Yang & Lerch 2018): a generator that imitates the corpus\n"
                    + "has inter-set distances like the corpus's own intra-set ones (overlap near 1, KL near 0)\n");
            out.append(EvaluationTables.sets(e).text());
        }
        return out.toString();
    }

    public static String json(EvaluationResult result) throws IOException {
        return JSON.writeValueAsString(EvaluationJson.of(result));
    }

    /**
     * @param pianoRolls how many generated pieces get a piano roll
     * @return the files written
     */
    public static List<Path> write(EvaluationResult result, Path dir, int pianoRolls) throws IOException {
        Files.createDirectories(dir);
        java.util.ArrayList<Path> written = new java.util.ArrayList<>();
        StringBuilder md = new StringBuilder("# Cadenza evaluation\n\n");
        md.append("Corpus: `").append(result.corpus()).append("`. Generated pieces: ").append(result.generatedSource())
                .append(".\n\n");
        if (!result.heldOut().isEmpty()) {
            md.append("## Held-out pieces\n\nNegative log-likelihood per token (nats), perplexity and top-1 accuracy "
                    + "of the next token, on pieces the model did not train on.\n\n");
            md.append(EvaluationTables.heldOut(result.heldOut()).markdown()).append('\n');
        }
        Evaluation e = result.evaluation();
        if (e != null) {
            md.append("## Generated pieces\n\n");
            md.append("Scale fit: the largest share of notes inside one major or harmonic minor scale. Longest repeat: "
                    + "the longest stretch of one pattern of up to 8 tokens repeated back to back (argmax loops). "
                    + "Longest copy: the longest stretch of tokens (").append(e.encoding())
                    .append(" encoding) found verbatim in one corpus piece.\n\n");
            md.append(EvaluationTables.pieces(e).markdown()).append('\n');
            md.append(EvaluationTables.summary(e).markdown()).append('\n');
            md.append("## Feature distributions\n\n");
            Path pch = dir.resolve("pitch-classes.png");
            Charts.histogram(pch, "Pitch-class histogram (mean over pieces)", "pitch class",
                    PieceFeatures.PITCH_CLASS_NAMES, e.generated(), e.reference(), PieceFeatures::pitchClassHistogram);
            written.add(pch);
            Path nlh = dir.resolve("note-lengths.png");
            Charts.histogram(nlh, "Note-length histogram (mean over pieces)", "note length (1/4 = quarter, . dotted, t triplet)",
                    PieceFeatures.LENGTH_CLASS_NAMES, e.generated(), e.reference(), PieceFeatures::noteLengthHistogram);
            written.add(nlh);
            md.append("![pitch classes](pitch-classes.png)\n\n![note lengths](note-lengths.png)\n\n");
            md.append("## Distances between pieces (Yang and Lerch 2018)\n\n");
            md.append("For each feature, the distances between pairs of corpus pieces (intra corpus), pairs of generated "
                    + "pieces (intra generated) and generated-to-corpus pairs (inter), as mean ± standard deviation. "
                    + "Overlap is the shared area of two kernel density estimates (1 = identical); KL is the "
                    + "Kullback-Leibler divergence in nats (0 = identical). A generator that imitates the corpus has "
                    + "inter distances like the corpus's own intra distances.\n\n");
            md.append(EvaluationTables.sets(e).markdown()).append('\n');
            List<PieceFeatures> gen = e.generated().stream().map(PieceReport::features).toList();
            List<PieceFeatures> ref = e.reference().stream().map(PieceReport::features).toList();
            for (Feature feature : Feature.values()) {
                String name = "distances-" + feature.key().replace('_', '-') + ".png";
                Charts.distances(dir.resolve(name), feature, gen, ref);
                written.add(dir.resolve(name));
                md.append("![").append(feature.label()).append("](").append(name).append(")\n");
            }
            md.append('\n');
            int rolls = Math.min(pianoRolls, result.generatedPieces().size());
            if (rolls > 0) md.append("## Piano rolls\n\n");
            for (int i = 0; i < rolls; i++) {
                Piece piece = result.generatedPieces().get(i);
                String name = String.format(Locale.ROOT, "pianoroll-%02d.png", i + 1);
                PianoRoll.write(piece, dir.resolve(name), new PianoRoll.Style(8, 3, 4, 4000));
                written.add(dir.resolve(name));
                md.append("**").append(piece.name()).append("**\n\n![").append(piece.name()).append("](").append(name)
                        .append(")\n\n");
            }
        }
        Path json = dir.resolve("report.json");
        dev.cadenza.runtime.io.AtomicFiles.writeString(json, json(result));
        Path report = dir.resolve("report.md");
        dev.cadenza.runtime.io.AtomicFiles.writeString(report, md.toString());
        written.add(json);
        written.add(report);
        return written;
    }
}
