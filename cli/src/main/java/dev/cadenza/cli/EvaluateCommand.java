package dev.cadenza.cli;

import dev.cadenza.app.options.EncodingOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.cadenza.app.ProgressBars;
import dev.cadenza.app.UserError;
import dev.cadenza.app.options.DeviceOption;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.app.options.ModelOption;
import dev.cadenza.app.options.MusicLengthOptions;
import dev.cadenza.app.options.ThreadsOption;
import dev.cadenza.cli.report.EvaluationResult;
import dev.cadenza.cli.report.ReportWriter;
import dev.cadenza.evaluation.Evaluation;
import dev.cadenza.evaluation.HeldOutScore;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Tokenizer;
import dev.cadenza.runtime.corpus.Corpus;
import dev.cadenza.runtime.corpus.CorpusReader;
import dev.cadenza.evaluation.KeyFit;
import dev.cadenza.evaluation.StyleClassification;
import dev.cadenza.evaluation.StyleFeatures;
import dev.cadenza.runtime.corpus.Manifest;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.app.options.DecodingOptions;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.generate.SettingException;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.model.ModelMetadata;
import dev.cadenza.trainer.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Judge a model and its music with objective measures and a report.",
        description = {"Judge a model and the music it makes with objective measures.",
                "With --model: negative log-likelihood per token, perplexity and top-1 accuracy on held-out pieces, "
                        + "next to an n-gram baseline fitted on the rest of the corpus.",
                "With --generated DIR or --count N: generated pieces against the corpus, per piece (the features of "
                        + "Yang and Lerch 2018: pitch count, pitch-class histogram and transitions, pitch range, mean "
                        + "interval, notes per bar, mean inter-onset interval, note-length histogram; scale fit; the "
                        + "longest repeated pattern; the longest stretch copied verbatim from the corpus; structure: "
                        + "how many two-beat windows return within the piece, exactly, by rhythm or by pitch classes, "
                        + "the share of distinct windows (low for a loop), how the bass and top lines move, notes per "
                        + "second) and per set (intra-set vs inter-set distance distributions, their overlap and KL "
                        + "divergence; structure means beside the corpus's).",
                "With --styles A,B: whether the composers' styles can be told apart: a simple classifier fitted on the "
                        + "corpus's real pieces of each (manifest.csv), its cross-validated accuracy on them, and with "
                        + "--model the share of pieces sampled in each style (generate --style) that it classifies as asked.",
                "Examples:",
                "  cadenza evaluate --generated out --report out/report",
                "  cadenza evaluate --model models/default.onnx --run runs/small --count 16 "
                        + "--compare greedy --compare temperature=0.8,top-k=20 --report report",
                "  cadenza evaluate --model runs/styled.onnx --styles haydn,chopin --count 16 --key Am"})
final class EvaluateCommand implements Callable<Integer> {
    static final String DEFAULT_CORPUS = "midi_songs";

    @Option(names = "--corpus", paramLabel = "DIR", defaultValue = "midi_songs",
            description = "The reference pieces, usually the training corpus (default: the corpus recorded by --run or "
                    + "in the model, else ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--generated", paramLabel = "DIR",
            description = "Folder of generated MIDI files to judge against the corpus (no model needed).")
    Path generated;

    /** Scores the model on held-out pieces, and samples pieces from it for --count/--compare. */
    @Mixin
    ModelOption modelOption;
    private Path model;

    @Option(names = "--held-out", paramLabel = "DIR",
            description = "Pieces the model did not train on, to score it with. Default: the training run's "
                    + "validation pieces (--run, or the split recorded in the model), taken from --corpus.")
    Path heldOut;

    @Option(names = "--run", paramLabel = "DIR",
            description = "The training run folder (runs/NAME): its split.json names the validation pieces.")
    Path run;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Sample N pieces from --model and judge them against the corpus (default: none).")
    int count;

    @Option(names = "--compare", paramLabel = "SETTING", split = ";",
            description = "Decoding setting to judge side by side (repeat the option, or separate settings with ';'): "
                    + "'greedy', or comma-separated temperature=T, top-k=K, top-p=P of one setting (what is not given "
                    + "is off), plus beam=B,branch=F,steps=K for a beam search and no-repeat=N for the no-repeat n-gram "
                    + "rule, e.g. top-p=0.95,beam=4,branch=4,steps=8. Each setting samples --count pieces (8 if not "
                    + "given). Default with --count alone: the generate command's default, temperature 1 with top-p 0.95.")
    List<String> compare = new ArrayList<>();

    @Option(names = "--styles", paramLabel = "STYLE", split = ",",
            description = "Composers to tell apart, e.g. haydn,chopin (names as the corpus's manifest.csv gives them, "
                    + "or as style tokens: lower case, accents dropped). Fits a nearest-centroid classifier on "
                    + StyleFeatures.FEATURE_SUMMARY + " of the corpus's training pieces of each, reports its leave-one-out "
                    + "accuracy on them, and with --model samples --count pieces in each style (generate --style) and "
                    + "reports the share classified as the style asked for.")
    List<String> styles = new ArrayList<>();

    @Option(names = "--key", paramLabel = "KEY",
            description = "The key the judged pieces are asked in (C, Am, F#m): with --model every sampled piece starts "
                    + "in it (generate --key); with --generated the files are measured against it. Reports each piece's "
                    + "fit to the key (harmonic minor for minor keys) and its leading tone's share.")
    String key;

    @Option(names = "--length", paramLabel = "TOKENS", defaultValue = "4000",
            description = "Most tokens per sampled piece, a hard cap behind --seconds (default: ${DEFAULT-VALUE}, as "
                    + "generate).")
    int length;

    @Mixin
    MusicLengthOptions musicLengthOptions;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Random seed for sampling (default: ${DEFAULT-VALUE}); the same seed gives the same pieces.")
    long seed;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    ThreadsOption threadsOption;

    @Mixin
    EncodingOption encodingOption;

    @Mixin
    JsonOption json;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write a report folder: report.md with tables, histograms and piano rolls, report.json, "
                    + "and the sampled pieces as MIDI files.")
    Path report;

    @Option(names = "--piano-rolls", paramLabel = "N", defaultValue = "3",
            description = "How many pieces of each generated set get a piano roll in the report (default: ${DEFAULT-VALUE}).")
    int pianoRolls;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        model = modelOption.given().orElse(null);
        check();
        if (model != null && !java.nio.file.Files.isRegularFile(model)) {
            throw new UserError(model + ": no such model file");
        }
        corpus = chooseCorpus(err);
        // The corpus is read as the judged music's encoding reads MIDI (with or without the sustain pedal): a model's
        // own way when only a model is judged, else --encoding's (a model reading it otherwise re-reads it below).
        MidiReader referenceReader = model != null && generated == null ? new MidiReader() : encodingOption.reader();
        Corpus reference = read(corpus, "--corpus", err, referenceReader);
        List<Piece> referencePieces = pieces(reference);
        List<HeldOutScore> scores = new ArrayList<>();
        String heldOutSource = null;
        List<EvaluationResult.JudgedSet> sets = new ArrayList<>();
        java.util.Map<String, List<KeyFit>> keyFits = new java.util.LinkedHashMap<>();
        if (generated != null) {
            List<Piece> pieces = pieces(read(generated, "--generated", err, encodingOption.reader()));
            sets.add(new EvaluationResult.JudgedSet("generated", generated.toString(),
                    Evaluation.of(pieces, referencePieces, encodingOption.encoding()), pieces));
            if (key != null) keyFits.put("generated", pieces.stream().map(p -> KeyFit.of(p, askedKey())).toList());
        }
        java.util.Map<String, StyleClassification> styleResults = new java.util.LinkedHashMap<>();
        if (!styles.isEmpty() && model == null) {
            styleResults.put("real pieces", StyleClassification.of(StyleReport.realPieces(reference, styles, null), java.util.Map.of()));
        }
        if (model != null) {
            Decoding base = base();
            List<Decoding> settings = compareSettings(base);
            if (settings.isEmpty() && (count > 0 || !styles.isEmpty())) settings.add(base);
            // With --styles every setting is sampled once per style; the pieces are classified per setting.
            List<String> settingOf = new ArrayList<>();
            if (!styles.isEmpty()) {
                List<Decoding> styled = new ArrayList<>();
                for (Decoding s : settings) {
                    for (String style : styles) {
                        styled.add(DecodingOptions.build(s.toBuilder().style(style), null));
                        settingOf.add(s.describe(base));
                    }
                }
                settings = styled;
            }
            java.util.Map<String, java.util.Map<String, List<Piece>>> styledPieces = new java.util.LinkedHashMap<>();
            // Stages: held-out scoring, then one per sampled set.
            try (Generator generator = Generator.open(new ModelSpec(model, null, deviceOption.device(), threadsOption.threads()));
                 ProgressBars.Stages bar = ProgressBars.stages("evaluate", 1 + settings.size())) {
                ModelMetadata metadata = generator.metadata();
                Tokenizer tokenizer = generator.tokenizer();
                Encoding encoding = tokenizer.encoding();
                if (encoding.sustainPedal() != referenceReader.sustainPedal()) {
                    reference = new CorpusReader(MidiReader.forEncoding(encoding)).read(corpus);
                    referencePieces = pieces(reference);
                }
                for (Decoding s : settings) refuseWhatTheModelCannotTake(generator, s);
                bar.begin("held-out scoring");
                HeldOut split = heldOut(reference, metadata, err);
                if (split != null) {
                    heldOutSource = split.source();
                    scores.addAll(ModelJudge.heldOut(generator.model(), metadata.stepsPerCall(), tokenizer, split.held(),
                            split.training()));
                }
                bar.done();
                int n = count > 0 ? count : 8;
                for (int i = 0; i < settings.size(); i++) {
                    Decoding s = settings.get(i);
                    String label = s.describe(base);
                    bar.begin("sampling and judging " + label);
                    ModelJudge.Sampled sampled = ModelJudge.generate(generator, n, s, "set" + (i + 1));
                    List<KeyFit> fits = KeyFit.of(sampled.pieces(), sampled.tokens(), sampled.transposes()); // empty unless the model has key tokens
                    if (!fits.isEmpty()) keyFits.put(label, fits);
                    List<Piece> pieces = sampled.pieces();
                    sets.add(new EvaluationResult.JudgedSet(label, n + " pieces sampled from " + model + " (" + label
                            + ", seed " + s.seed() + ", at most " + s.maxTokens() + " tokens, " + s.musicLength().describe() + ")",
                            Evaluation.of(pieces, sampled.tokens(), referencePieces, encoding), pieces,
                            sampled.nllPerToken()));
                    if (report != null) writePieces(pieces, report.resolve("generated").resolve("set" + (i + 1)));
                    if (!styles.isEmpty()) {
                        styledPieces.computeIfAbsent(settingOf.get(i), k -> new java.util.LinkedHashMap<>()).put(s.style(), pieces);
                    }
                    bar.done();
                }
                if (!styles.isEmpty()) {
                    java.util.Map<String, List<Piece>> real = StyleReport.realPieces(reference, styles, encoding);
                    for (var e : styledPieces.entrySet()) styleResults.put(e.getKey(), StyleClassification.of(real, e.getValue()));
                }
            }
        }
        EvaluationResult result = new EvaluationResult(corpus.toString(), scores, heldOutSource, sets);
        if (json.requested()) {
            out.println(StyleReport.addToJson(KeyFitReport.addToJson(ReportWriter.json(result), keyFits), styleResults));
        } else {
            out.print(ReportWriter.text(result));
            out.print(KeyFitReport.text(keyFits));
            out.print(StyleReport.text(styleResults));
        }
        if (scores.size() == 2) { // the model and the 3-gram fitted on the rest of the corpus, on the same tokens
            BaselineWarning.of(scores.get(0).nllPerToken(), scores.get(1).nllPerToken(), "held-out NLL").ifPresent(err::println);
        }
        if (report != null) {
            ReportWriter.write(result, report, pianoRolls);
            (json.requested() ? err : out).println("report written to " + report.resolve("report.md"));
        }
        return 0;
    }

    private void check() {
        if (generated == null && model == null && styles.isEmpty()) {
            throw new UserError("nothing to evaluate: give --generated DIR (generated MIDI files), --model FILE.onnx or "
                    + "--styles A,B");
        }
        styles = styleNames();
        if (!styles.isEmpty() && generated != null) {
            throw new UserError("--styles judges the corpus's pieces and, with --model, pieces sampled in each style; "
                    + "--generated files have no asked style");
        }
        if (key != null && model == null && generated == null) {
            throw new UserError("--key needs --model FILE.onnx (pieces sampled in the key) or --generated DIR (files to measure)");
        }
        askedKey();
        if (model == null && (count > 0 || !compare.isEmpty() || heldOut != null || run != null)) {
            throw new UserError("--count, --compare, --held-out and --run need --model FILE.onnx");
        }
        if (count < 0) throw new UserError("--count must be 0 or more");
        if (pianoRolls < 0) throw new UserError("--piano-rolls must be 0 or more");
        if (heldOut != null && run != null) throw new UserError("give either --held-out or --run, not both");
        compareSettings(base());
        threadsOption.threads();
    }

    /** As generate: about a minute of music to the next bar line of 4/4 unless --seconds or --bars says otherwise. */
    private MusicLength musicLength() {
        return musicLengthOptions.musicLength(4, MusicLength.seconds(MusicLengthOptions.DEFAULT_SECONDS));
    }

    /**
     * --corpus when given; else the corpus the run (--run) or the model records it was trained on, where the
     * validation pieces are and where the n-gram baseline must learn from; else the default.
     */
    private Path chooseCorpus(PrintWriter err) throws IOException {
        if (spec.commandLine().getParseResult().hasMatchedOption("--corpus")) return resolveCorpus(corpus);
        if (run != null) {
            return recordedCorpus(RunFolder.open(run).settings().corpus(), run.resolve(RunFolder.SETTINGS).toString(), err);
        }
        if (model != null && heldOut == null && generated == null) {
            java.util.Map<String, Object> settings;
            try {
                settings = dev.cadenza.exporter.OnnxModelFile.read(model).metadata().training().settings();
            } catch (dev.cadenza.runtime.model.ModelFileException e) {
                throw new UserError(e.getMessage(), e);
            }
            if (settings != null) return recordedCorpus(settings.get("corpus"), model.toString(), err);
        }
        return resolveCorpus(corpus);
    }

    /**
     * The corpus a run or model was trained on, as its settings record it, when --corpus is not given: its
     * validation pieces are there, and the n-gram baseline must learn from the same pieces. The default corpus when
     * nothing usable is recorded (the recorded folder may be gone, or relative to another working folder).
     */
    static Path recordedCorpus(Object recorded, String where, PrintWriter err) {
        Path fallback = resolveCorpus(Path.of(DEFAULT_CORPUS));
        if (!(recorded instanceof String s) || s.isBlank() || s.equals(DEFAULT_CORPUS)) return fallback;
        Path dir = Path.of(s);
        if (!java.nio.file.Files.isDirectory(dir)) {
            err.println("note: " + where + " records corpus " + s + ", which is not a folder here; using " + fallback
                    + " (--corpus DIR to choose)");
            return fallback;
        }
        return dir;
    }

    /** The default corpus is found from the project folder too, as the generate command finds the shipped model. */
    static Path resolveCorpus(Path corpus) {
        return corpus.equals(Path.of(DEFAULT_CORPUS)) ? dev.cadenza.runtime.io.CadenzaHome.find(DEFAULT_CORPUS) : corpus;
    }

    /** What every set is decoded with unless its --compare setting says otherwise: default sampling and the flags. */
    private Decoding base() {
        return DecodingOptions.build(Decoding.builder().maxTokens(length).musicLength(musicLength()).seed(seed).key(askedKey()), null);
    }

    /**
     * Asks the model for the setting's primers before any work, so that a style or key it does not know is one line
     * naming the option that asked for it, not a failure after the held-out scoring.
     */
    private void refuseWhatTheModelCannotTake(Generator generator, Decoding setting) throws Exception {
        try {
            generator.primers(new GenerationRequest(1, setting, PrimerChoice.start(), null, "check"));
        } catch (SettingException e) {
            String option = switch (e.key()) {
                case "style" -> styles.isEmpty() ? "--compare style" : "--styles";
                case "key" -> key != null ? "--key" : "--compare key";
                default -> "--compare " + e.key();
            };
            throw new UserError(e.naming(option), e);
        }
    }

    /** --key, read; null when not given. */
    private Key askedKey() {
        if (key == null) return null;
        try {
            return Key.parse(key);
        } catch (IllegalArgumentException e) {
            throw new UserError("--key: " + e.getMessage());
        }
    }

    /** --styles as style names ("Chopin" is "chopin"), each once, two or more; empty when not given. */
    private List<String> styleNames() {
        List<String> names = new ArrayList<>();
        for (String s : styles) {
            String name = Manifest.styleName(s);
            if (name.isEmpty()) throw new UserError("--styles: '" + s + "' is not a composer's name");
            if (names.contains(name)) throw new UserError("--styles: " + name + " is named twice");
            names.add(name);
        }
        if (names.size() == 1) throw new UserError("--styles: name two or more styles to tell apart, e.g. haydn,chopin");
        List<Decoding> settings = compareSettings(base());
        for (int i = 0; i < settings.size(); i++) {
            if (!names.isEmpty() && settings.get(i).style() != null) {
                throw new UserError("--compare " + compare.get(i) + ": give the styles with --styles only, not in a setting as well");
            }
        }
        return names;
    }

    /** The --compare settings, read by the one decoding parser over {@code base}. */
    private List<Decoding> compareSettings(Decoding base) {
        List<Decoding> settings = new ArrayList<>();
        for (String c : compare) {
            try {
                Decoding d = Decoding.parse(c, base);
                // --key holds for every set, unless its setting names a key of its own
                settings.add(d.key() == null && base.key() != null ? DecodingOptions.build(d.toBuilder().key(base.key()), null) : d);
            } catch (IllegalArgumentException e) {
                throw new UserError("--compare " + e.getMessage());
            }
        }
        return settings;
    }

    /** Which pieces are held out, and which the n-gram baseline may learn from. */
    record HeldOut(String source, List<Piece> held, List<Piece> training) {
    }

    private HeldOut heldOut(Corpus reference, ModelMetadata metadata, PrintWriter err) throws IOException {
        if (heldOut != null) {
            Corpus held = read(heldOut, "--held-out", err);
            Set<String> names = new HashSet<>();
            for (Corpus.Entry e : held.pieces()) names.add(e.file().getFileName().toString());
            List<Piece> training = reference.pieces().stream()
                    .filter(e -> !names.contains(e.file().getFileName().toString())).map(Corpus.Entry::piece).toList();
            return new HeldOut(heldOut.toString(), pieces(held), training);
        }
        List<String> validation = run != null ? RunFolder.open(run).split().validation()
                : metadata.training().validationPieces();
        if (validation.isEmpty()) {
            if (count > 0 || !compare.isEmpty()) return null; // only sampling was asked for
            throw new UserError(model + " records no validation split: give --held-out DIR or --run runs/NAME");
        }
        List<Piece> held = new ArrayList<>();
        List<Piece> training = new ArrayList<>();
        Set<String> wanted = new HashSet<>(validation);
        for (Corpus.Entry e : reference.pieces()) (wanted.remove(e.name()) ? held : training).add(e.piece());
        if (!wanted.isEmpty()) {
            throw new UserError("validation piece(s) " + String.join(", ", wanted) + " not found in " + corpus
                    + " (pass the corpus the model was trained on with --corpus)");
        }
        String from = run != null ? run.resolve(RunFolder.SPLIT).toString() : "the split recorded in " + model;
        return new HeldOut(held.size() + " validation pieces from " + from, held, training);
    }

    private static void writePieces(List<Piece> pieces, Path dir) throws IOException {
        MidiWriter writer = new MidiWriter();
        for (Piece p : pieces) writer.write(p, dir.resolve(p.name() + ".mid"));
    }

    /** The usable pieces of a folder; skipped files are reported on stderr, an empty folder is an error. */
    static Corpus read(Path dir, String option, PrintWriter err) throws IOException {
        return read(dir, option, err, new MidiReader());
    }

    static Corpus read(Path dir, String option, PrintWriter err, MidiReader reader) throws IOException {
        Corpus c = new CorpusReader(reader).read(dir);
        for (Corpus.Skipped s : c.skipped()) err.println("skipped " + s.file() + ": " + s.reason());
        if (c.pieces().isEmpty()) {
            throw new UserError(dir + " (" + option + "): no usable MIDI file (" + c.files() + " found)");
        }
        return c;
    }

    static List<Piece> pieces(Corpus c) {
        return c.pieces().stream().map(Corpus.Entry::piece).toList();
    }
}
