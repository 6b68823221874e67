package dev.cadenza.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.app.options.DeviceOption;
import dev.cadenza.app.options.JsonOption;
import dev.cadenza.app.options.ModelOption;
import dev.cadenza.app.options.SamplingOptions;
import dev.cadenza.app.options.StartOptions;
import dev.cadenza.app.options.ThreadsOption;
import dev.cadenza.runtime.io.AtomicFiles;
import dev.cadenza.runtime.io.CadenzaHome;
import dev.cadenza.app.options.DecodingOptions;
import dev.cadenza.app.options.MusicLengthOptions;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.generate.PieceRows;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.music.Key;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.StepModels;
import dev.cadenza.runtime.generate.SettingException;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.generate.Device;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: the command line over {@link Generator}, shared by {@code ./cadenza generate} and the standalone
 * generator jar. It reads the options, asks for pieces, and writes each as MIDI (and WAV, PNG on request).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        header = "Generate pieces as MIDI files with an ONNX model, in batches.",
        description = {"Generate new pieces with a Cadenza ONNX model and write one MIDI file per piece.",
                "All pieces grow together, one model call per step for the whole batch."},
        footer = {"", "Examples:",
                "  generate                               8 pieces from the shipped model, into out/",
                "  generate --count 32 --seed 7 --top-k 20",
                "                                         reproducible, a little safer",
                "  generate --primer my-tune.mid          continue your own MIDI file"})
public final class GenerateCommand implements Callable<Integer> {
    /** The corpus the tutorial's scheme takes primers from when none is named. */
    public static final String DEFAULT_CORPUS = "midi_songs";
    /** The tutorial's window: 100 tokens of history per prediction. */
    static final int TUTORIAL_WINDOW = 100;

    @Mixin
    ModelOption model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8", description = "How many pieces (default: ${DEFAULT-VALUE}).")
    int count;

    /** Room for a minute of music: the shipped model writes 34-40 tokens per second of music at its 120 BPM. */
    public static final int DEFAULT_LENGTH = Decoding.DEFAULT_MAX_TOKENS;
    /** The tutorial generates 500 notes. */
    static final int TUTORIAL_LENGTH = 500;

    @Option(names = "--length", paramLabel = "N",
            description = "Most tokens to add to each piece, a hard cap behind --seconds (default: " + DEFAULT_LENGTH
                    + "; " + TUTORIAL_LENGTH + " with --tutorial).")
    Integer lengthOption;
    int length;

    @Mixin
    MusicLengthOptions musicLengthOptions;

    @Mixin
    DecodingOptions decodingOptions;

    @Option(names = {"-o", "--out"}, defaultValue = "out", paramLabel = "DIR",
            description = "Folder for the MIDI files, created if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "PREFIX",
            description = "File name prefix (default: the model's file name). Files are PREFIX-SEED-NN.mid. Letters, "
                    + "digits, '-', '_' and '.' only, so files stay inside --out.")
    String name;

    @Option(names = "--force", description = "Replace files of the same names in --out (without it, generate refuses to overwrite).")
    boolean force;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed and settings give the same pieces (default: random, printed).")
    Long seed;

    @Mixin
    SamplingOptions samplingOptions;

    @ArgGroup(exclusive = true)
    PrimerOptions primer;

    static final class PrimerOptions {
        @Option(names = "--primer", paramLabel = "FILE.mid",
                description = "Continue this MIDI file (notes the model never saw are mapped to the nearest it knows).")
        Path file;

        @Option(names = "--primer-from-corpus", paramLabel = "DIR",
                description = "Start each piece from a random window of a random piece in this folder (the tutorial's way).")
        Path corpus;
    }

    @Mixin
    StartOptions start;

    @Option(names = "--primer-length", paramLabel = "N",
            description = "Tokens per window with --primer-from-corpus (default: 64; 100 with --tutorial).")
    Integer primerLength;

    @Option(names = "--tutorial",
            description = "The tutorial's generation: greedy (argmax), each piece primed with a random 100-token window "
                    + "of the corpus (midi_songs/, or --primer-from-corpus DIR), --length tokens (default 500), each step "
                    + "re-running the last 100 tokens from a zero state as the tutorial does. Only the generated tokens "
                    + "are written, as in the tutorial. Meant for models trained with 'train --preset tutorial'.")
    boolean tutorial;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    ThreadsOption threadsOption;

    @Option(names = "--variant", paramLabel = "lstm|int8", defaultValue = "lstm",
            description = "lstm (default): the float model. int8: its int8 twin NAME.int8.onnx beside it (made by "
                    + "'cadenza export ... --variant int8'), on the CPU: smaller and faster, nearly the same "
                    + "predictions. Passing --model NAME.int8.onnx selects it too.")
    Precision variant;

    /** Which weights generate runs: the float model or its int8 twin. */
    enum Precision {
        LSTM,
        INT8
    }

    @Option(names = "--tempo", paramLabel = "BPM", description = "Tempo of the written files (default: the model's).")
    Double tempo;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Option(names = "--wav", description = "Also render each piece to a WAV file beside its MIDI file.")
    boolean wav;

    @Option(names = "--png", description = "Also draw each piece as a piano-roll PNG beside its MIDI file.")
    boolean png;

    @Option(names = "--musicxml", description = "Also write each piece as sheet music (MusicXML, for MuseScore and other "
            + "notation programs) beside its MIDI file: two staves, key and time signature, ties and dynamics.")
    boolean musicxml;

    @Option(names = "--soundfont", paramLabel = "FILE.sf2",
            description = "General MIDI SoundFont for --wav (default: an installed one if found, else the JDK's sounds).")
    Path soundfont;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        int windowLength = primerLength != null ? primerLength : tutorial ? TUTORIAL_WINDOW : 64;
        length = lengthOption != null ? lengthOption : tutorial ? TUTORIAL_LENGTH : DEFAULT_LENGTH;
        OutputName.checkOption("--name", name);
        // The tutorial counts tokens only, unless a length in music is asked for.
        MusicLength musicLength = tutorial && !musicLengthOptions.given() ? MusicLength.NONE
                : musicLengthOptions.musicLength(4, MusicLength.seconds(MusicLengthOptions.DEFAULT_SECONDS));
        long usedSeed = seed != null ? seed : Decoding.randomSeed();
        Decoding decoding = decodingOptions.decoding(Decoding.builder()
                .sampling(tutorial ? Sampling.GREEDY : samplingOptions.sampling())
                .window(tutorial ? windowLength : 0)
                .key(key())
                .style(style())
                .maxTokens(length).musicLength(musicLength).seed(usedSeed));
        GenerateLimits.check(count, length, windowLength);
        Sampling sampling = decoding.sampling();
        Device device = deviceOption.device();
        int threads = threadsOption.threads();
        String backend = backend(device);
        Path modelFile = model.orShipped();
        if (variant == Precision.INT8) modelFile = dev.cadenza.runtime.onnx.OnnxInt8StepModelProvider.int8Beside(modelFile);
        String prefix = name != null ? name : OutputName.fromFile(modelFile);
        for (Path stale : AtomicFiles.removeStale(out, java.time.Duration.ofMinutes(1))) {
            stderr.println("note: removed " + stale + ", a temporary file a killed cadenza run left behind");
        }
        refuseToOverwrite(prefix + "-" + usedSeed);
        PrimerChoice primerChoice = primerChoice(windowLength);
        decoding = PieceRows.inMeterOf(decoding, primerChoice); // --bars and --seconds in the primer's bars
        musicLength = decoding.musicLength();
        GenerationRequest request;
        try {
            request = new GenerationRequest(count, decoding, primerChoice, tempo, prefix + "-" + usedSeed);
        } catch (SettingException e) {
            throw DecodingOptions.refusal(e);
        }

        long t0 = System.nanoTime();
        try (Generator generator = Generator.open(new ModelSpec(modelFile, backend, device, threads))) {
            long loaded = System.nanoTime();
            DeviceNote.of(generator.model().fallbackReason().orElse(null), device).ifPresent(stderr::println);
            GenerationResult result;
            try {
                result = generator.generate(request);
            } catch (SettingException e) {
                throw DecodingOptions.refusal(e, modelFile);
            }
            reportReplacements(result, stderr);
            if (sampling instanceof Sampling.Greedy && count > 1 && result.pieces().stream()
                    .allMatch(p -> java.util.Arrays.equals(p.ids().primer(), result.pieces().get(0).ids().primer()))) {
                stderr.println("note: greedy generation is deterministic and all " + count + " pieces started from the "
                        + "same primer, so they are identical; use --primer-from-corpus DIR (a different window per "
                        + "piece) or sampling (no --greedy) for different pieces");
            }

            Files.createDirectories(out);
            PieceFiles files = new PieceFiles(out, wav, png, musicxml, java.util.Optional.ofNullable(soundfont));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            // Audio takes seconds per piece: a bar over the pieces, and the lines after it, not through it.
            try (me.tongfei.progressbar.ProgressBar bar = files.renders() ? ProgressBars.open("rendering", result.pieces().size(), "pieces") : null) {
                for (GenerationResult.Generated piece : result.pieces()) {
                    // The tutorial writes only what the network generated; Cadenza keeps the primer as the piece's opening.
                    Piece music = tutorial ? piece.primer().place(generator.tokenizer().decode(piece.title(),
                            piece.ids().continuation(), result.tempoBpm())) : piece.music();
                    List<Path> written = files.write(music, piece.title());
                    Path file = written.get(0);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("file", file.toString());
                    row.put("files", written.stream().map(Path::toString).toList());
                    row.put("primer", piece.primer().source());
                    row.put("primerTokens", piece.ids().primer().length);
                    row.put("tokens", piece.ids().continuation().length);
                    row.put("notes", music.notes().size());
                    row.put("seconds", Math.round(music.lengthSeconds() * 10) / 10.0);
                    row.put("ended", piece.ended());
                    rows.add(row);
                    lines.add(String.format("%s  %4d notes  %6.1f s  %s", file, music.notes().size(), music.lengthSeconds(),
                            piece.ended() ? "ended by the model"
                                    : piece.ids().continuation().length >= length ? "cut at --length " + length
                                    : "stopped " + musicLength.describeStop()));
                    if (written.size() > 1) {
                        lines.add("  also " + String.join(", ", written.subList(1, written.size()).stream().map(Path::toString).toList()));
                    }
                    if (bar != null) bar.step();
                }
            }
            if (!json.requested()) lines.forEach(stdout::println);
            double genSeconds = result.generateNanos() / 1e9;
            if (json.requested()) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("model", modelFile.toString());
                report.put("backend", result.backend());
                report.put("fallback", generator.model().fallbackReason().orElse(null));
                report.put("seed", usedSeed);
                report.put("sampling", sampling.describe());
                report.put("decoding", decoding.describe());
                report.put("musicLength", musicLength.describe());
                report.put("maxTokens", length);
                report.put("tempoBpm", result.tempoBpm());
                report.put("loadSeconds", (loaded - t0) / 1e9);
                report.put("generateSeconds", genSeconds);
                report.put("tokensPerSecond", result.tokensPerSecond());
                report.put("replacements", result.pieces().get(0).primer().replacements());
                report.put("sounds", files.sounds());
                report.put("renderSeconds", files.renderSeconds());
                report.put("totalSeconds", (System.nanoTime() - started) / 1e9);
                report.put("pieces", rows);
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                int n = result.pieces().size();
                if (files.sounds() != null) stdout.println("audio played with " + files.sounds());
                stdout.printf("%d piece%s, %d tokens generated in %.2f s (%.0f tokens/s, %s, %s, seed %d)%n", n, n == 1 ? "" : "s",
                        result.tokens(), genSeconds, result.tokensPerSecond(), result.backend(), sampling.describe(), usedSeed);
                int written = rows.stream().mapToInt(r -> ((List<?>) r.get("files")).size()).sum();
                String rendering = wav || png ? (wav && png ? "rendering audio and piano rolls" : wav ? "rendering audio" : "drawing piano rolls")
                        + (musicxml ? " and writing sheet music" : "") : "writing sheet music";
                stdout.printf("%d file%s written to %s; %.1f s in all%s%n", written, written == 1 ? "" : "s", out,
                        (System.nanoTime() - started) / 1e9,
                        files.renders() ? String.format(" (%.1f s of it %s)", files.renderSeconds(), rendering) : "");
            }
            stdout.flush();
            return 0;
        }
    }

    /**
     * Checks before any work that no file this run will write exists yet (unless --force): a user's pieces are never
     * replaced silently, for instance by a second run with the same --seed.
     */
    private void refuseToOverwrite(String title) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(out + ": is a file, not a folder; --out names the folder the pieces are "
                    + "written to");
        }
        if (force) return;
        for (int i = 1; i <= count; i++) {
            String base = String.format("%s-%02d", title, i);
            for (String ext : new String[] {".mid", ".wav", ".png", ".musicxml"}) {
                if (ext.equals(".wav") && !wav || ext.equals(".png") && !png || ext.equals(".musicxml") && !musicxml) continue;
                Path file = out.resolve(base + ext);
                if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw new IllegalArgumentException(file + ": already exists; pass --force to replace it, or choose "
                            + "another --seed, --name or --out");
                }
            }
        }
    }

    /** The --key asked for, or null. */
    private Key key() {
        if (start.keyGiven() && ((primer != null && (primer.file != null || primer.corpus != null)) || tutorial)) {
            throw new IllegalArgumentException("--key starts every piece from the beginning in that key; it cannot be "
                    + "combined with --primer, --primer-from-corpus or --tutorial");
        }
        return start.key();
    }

    /** The --style asked for (lower case, as the model's style tokens are), or null. */
    private String style() {
        if (start.styleGiven() && ((primer != null && (primer.file != null || primer.corpus != null)) || tutorial)) {
            throw new IllegalArgumentException("--style starts every piece from the beginning in that style; it cannot "
                    + "be combined with --primer, --primer-from-corpus or --tutorial");
        }
        return start.style();
    }

    private PrimerChoice primerChoice(int windowLength) {
        if (primer != null && primer.file != null) return PrimerChoice.file(primer.file);
        if (primer != null && primer.corpus != null) return PrimerChoice.corpus(primer.corpus, windowLength);
        if (tutorial) {
            Path corpus = CadenzaHome.find(DEFAULT_CORPUS);
            if (!Files.isDirectory(corpus)) {
                throw new IllegalArgumentException(corpus + ": corpus folder not found (pass --primer-from-corpus DIR)");
            }
            return PrimerChoice.corpus(corpus, windowLength);
        }
        return PrimerChoice.start();
    }

    /** int8 runs on its own CPU backend, which finds NAME.int8.onnx beside the model. */
    private String backend(Device device) {
        return switch (variant) {
            case LSTM -> StepModels.DEFAULT_BACKEND;
            case INT8 -> {
                if (device == Device.CUDA) throw new IllegalArgumentException("--variant int8 runs on the CPU only, not with --device cuda");
                yield dev.cadenza.runtime.onnx.OnnxInt8StepModelProvider.NAME;
            }
        };
    }

    /** Tells which tokens the model never saw were mapped to known ones, once for all primers. */
    private void reportReplacements(GenerationResult result, PrintWriter stderr) {
        Map<String, String> all = new java.util.TreeMap<>();
        for (GenerationResult.Generated p : result.pieces()) all.putAll(p.primer().replacements());
        if (all.isEmpty()) return;
        if (primer != null && primer.file != null) {
            stderr.println("primer " + primer.file + ": " + all.size()
                    + " token(s) the model never saw were mapped to the nearest known: " + describe(all));
        } else if (primer != null && primer.corpus != null) {
            stderr.println("primers from " + primer.corpus + ": tokens the model never saw were mapped: " + describe(all));
        }
    }

    private static String describe(Map<String, String> replacements) {
        StringBuilder s = new StringBuilder();
        replacements.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(" -> ").append(v));
        return s.toString();
    }
}
