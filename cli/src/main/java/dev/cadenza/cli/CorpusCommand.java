package dev.cadenza.cli;

import dev.cadenza.app.options.EncodingOption;
import dev.cadenza.app.ProgressBars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cadenza.app.ExitCodes;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.evaluation.GridFit;
import dev.cadenza.evaluation.QuantisationError;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.music.KeyEstimator;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "corpus", mixinStandardHelpOptions = true,
        header = "Parse a MIDI folder: notes, tokens, vocabulary, skipped files.",
        description = {"Parse a folder of MIDI files (recursively: .mid .midi .kar) and report notes, tokens, "
                + "vocabulary size and each piece's estimated key (Krumhansl-Schmuckler), per file and in total, with "
                + "every skipped file and why.",
                "The 'on grid' column is the share of note onsets on the timed encoding's grid of 12 steps per quarter "
                + "note. A file under 98 % is flagged with what quantising does to it: a file notated in 32nds or "
                + "sextuplets fits a finer grid and loses those details; a performed file fits no grid and its notes "
                + "move (docs/evaluation.md, timing)."})
final class CorpusCommand implements Callable<Integer> {
    private static final KeyEstimator KEYS = new KeyEstimator();

    @Parameters(paramLabel = "DIR", description = "Folder of MIDI files.")
    Path dir;

    @Mixin
    EncodingOption encodingOption;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        Encoding encoding = encodingOption.encoding();
        int total = CorpusReader.list(dir).size();
        Corpus corpus;
        try (ProgressBar bar = ProgressBars.open("Reading", total, "files")) {
            corpus = encodingOption.corpusReader().read(dir, done -> {
                if (bar != null) bar.stepTo(done);
            });
        }
        List<List<String>> streams = new ArrayList<>();
        List<Map<String, Object>> perFile = new ArrayList<>();
        long tokens = 0;
        List<Map<String, Object>> offGrid = new ArrayList<>();
        for (Corpus.Entry entry : corpus.pieces()) {
            List<String> stream = encoding.encode(entry.piece());
            streams.add(stream);
            tokens += stream.size();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", entry.name());
            row.put("notes", entry.piece().notes().size());
            GridFit fit = GridFit.of(entry.piece());
            row.put("on_grid", Math.round(fit.onGrid() * 1000) / 1000.0);
            if (!fit.fits()) offGrid.add(timing(entry.name(), fit, QuantisationError.of(entry.piece(), GridFit.GRIDS[0])));
            row.put("tokens", stream.size());
            row.put("seconds", Math.round(entry.piece().lengthSeconds() * 10) / 10.0);
            row.put("key", KEYS.estimate(entry.piece().notes()).toString());
            dev.cadenza.runtime.corpus.Manifest.Row described = corpus.row(entry);
            if (described != null) {
                row.put("composer", described.composer());
                row.put("held_out", described.heldOut());
            }
            perFile.add(row);
        }
        int vocabulary = streams.isEmpty() ? 0 : Vocabulary.build(encoding, streams).size();
        if (json.requested()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("files", corpus.files());
            report.put("parsed", corpus.pieces().size());
            List<Map<String, String>> skipped = new ArrayList<>();
            for (Corpus.Skipped s : corpus.skipped()) {
                skipped.add(Map.of("file", dir.relativize(s.file()).toString(), "reason", s.reason()));
            }
            report.put("skipped", skipped);
            report.put("off_grid", offGrid);
            report.put("notes", corpus.notes());
            report.put("tokens", tokens);
            report.put("vocabulary", vocabulary);
            report.put("encoding", encoding.name());
            if (corpus.manifest() != null) report.put("manifest", manifestSummary(corpus));
            report.put("pieces", perFile);
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.printf("%-40s %7s %8s %8s %8s  %s%n", "file", "notes", "tokens", "seconds", "on grid", "key");
            for (Map<String, Object> row : perFile) {
                out.printf("%-40s %7d %8d %8.1f %7.1f%%  %s%n", row.get("file"), row.get("notes"), row.get("tokens"),
                        row.get("seconds"), 100 * (Double) row.get("on_grid"), row.get("key"));
            }
            for (Map<String, Object> t : offGrid) out.println("off grid " + t.get("file") + ": " + t.get("summary"));
            for (Corpus.Skipped s : corpus.skipped()) out.println("skipped " + dev.cadenza.runtime.io.Printable.of(s.file()) + ": " + s.reason());
            for (String w : corpus.warnings()) out.println("warning " + w);
            out.printf("%nfiles %d, pieces used %d, skipped %d, notes %d, tokens %d, vocabulary %d (encoding %s)%n",
                    corpus.files(), corpus.pieces().size(), corpus.skipped().size(), corpus.notes(), tokens, vocabulary,
                    encoding.label());
            if (corpus.manifest() != null) {
                Map<String, Object> m = manifestSummary(corpus);
                out.printf("manifest %s: %d pieces described, %d composers, %d held out for validation; styles %s%n",
                        corpus.manifest().file(), m.get("described"), m.get("composers"), m.get("held_out"), m.get("styles"));
            }
        }
        if (corpus.pieces().isEmpty()) {
            err.println("error: " + dir + ": no usable MIDI file (" + corpus.files() + " found)");
            return ExitCodes.USER_ERROR;
        }
        return 0;
    }

    /** What quantising to the encoding's grid does to a file that does not sit on it. */
    private static Map<String, Object> timing(String file, GridFit fit, QuantisationError error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("on_grid", fit.onGrid());
        m.put("fitting_grid", fit.grid());
        m.put("mean_shift_ms", Math.round(error.meanMillis() * 10) / 10.0);
        m.put("max_shift_ms", Math.round(error.maxMillis() * 10) / 10.0);
        m.put("merged_notes", error.lost());
        m.put("summary", String.format(java.util.Locale.ROOT, "%s; quantising moves onsets %.1f ms on average, "
                + "at most %.1f ms (at the first tempo); notes merged: %d", fit.describe(), error.meanMillis(),
                error.maxMillis(), error.lost()));
        return m;
    }

    /** What the folder's manifest says, for the pieces read: how many it describes, composers, held-out pieces. */
    private static Map<String, Object> manifestSummary(Corpus corpus) {
        Map<String, Integer> styles = new java.util.TreeMap<>();
        int described = 0;
        int heldOut = 0;
        for (Corpus.Entry e : corpus.pieces()) {
            dev.cadenza.runtime.corpus.Manifest.Row row = corpus.row(e);
            if (row == null) continue;
            described++;
            if (row.heldOut()) heldOut++;
            styles.merge(row.style(), 1, Integer::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("described", described);
        m.put("composers", styles.size());
        m.put("held_out", heldOut);
        m.put("styles", styles);
        return m;
    }
}
