package dev.cadenza.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.cadenza.cli.report.EvaluationResult;
import dev.cadenza.cli.report.ReportWriter;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.runtime.eval.Evaluation;
import dev.cadenza.runtime.eval.HeldOutScore;
import dev.cadenza.runtime.midi.Piece;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Judge generated music against the corpus with objective measures: per piece the features of "
                + "Yang and Lerch (2018) (pitch count, pitch-class histogram and transitions, pitch range, mean "
                + "interval, notes per bar, mean inter-onset interval, note-length histogram), scale fit, the longest "
                + "repeated pattern and the longest stretch copied verbatim from the corpus; per set the intra-set "
                + "and inter-set distance distributions with their overlap and KL divergence.",
                "Example: cadenza evaluate --generated out --report out/report"})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--generated", paramLabel = "DIR",
            description = "Folder of generated MIDI files to judge against the corpus.")
    Path generated;

    @Option(names = "--corpus", paramLabel = "DIR", defaultValue = "midi_songs",
            description = "The reference pieces, usually the training corpus (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Mixin
    EncodingOption encodingOption;

    @Option(names = "--json", description = "Print every number as one JSON object instead of tables.")
    boolean json;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a report folder: report.md with tables, histograms and piano rolls, and report.json.")
    Path report;

    @Option(names = "--piano-rolls", paramLabel = "N", defaultValue = "3",
            description = "How many generated pieces get a piano roll in the report (default: ${DEFAULT-VALUE}).")
    int pianoRolls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (generated == null) {
            throw new UserError("nothing to evaluate: give --generated DIR (a folder of generated MIDI files)");
        }
        if (pianoRolls < 0) throw new UserError("--piano-rolls must be 0 or more");
        Encoding encoding = encodingOption.encoding();
        List<Piece> reference = readFolder(corpus, "--corpus", err);
        List<Piece> pieces = readFolder(generated, "--generated", err);
        Evaluation evaluation = Evaluation.of(pieces, reference, encoding);
        List<HeldOutScore> heldOut = new ArrayList<>();
        EvaluationResult result = new EvaluationResult(corpus.toString(), generated.toString(), heldOut, evaluation, pieces);
        if (json) {
            out.println(ReportWriter.json(result));
        } else {
            out.print(ReportWriter.text(result));
        }
        if (report != null) {
            ReportWriter.write(result, report, pianoRolls);
            (json ? err : out).println("report written to " + report.resolve("report.md"));
        }
        return 0;
    }

    /** The usable pieces of a folder; skipped files are reported on stderr, an empty folder is an error. */
    static List<Piece> readFolder(Path dir, String option, PrintWriter err) throws java.io.IOException {
        Corpus c = new CorpusReader().read(dir);
        for (Corpus.Skipped s : c.skipped()) err.println("skipped " + s.file() + ": " + s.reason());
        if (c.pieces().isEmpty()) {
            throw new UserError(dir + " (" + option + "): no usable MIDI file (" + c.files() + " found)");
        }
        return c.pieces().stream().map(Corpus.Entry::piece).toList();
    }
}
