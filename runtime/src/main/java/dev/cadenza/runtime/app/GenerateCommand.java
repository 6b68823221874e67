package dev.cadenza.runtime.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.generate.WindowedDecoder;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.onnx.Device;
import dev.cadenza.runtime.onnx.OnnxStepModel;
import dev.cadenza.runtime.view.PianoRoll;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
    public static final String DEFAULT_MODEL = "models/default.onnx";
    /** The corpus the tutorial's scheme takes primers from when none is named. */
    public static final String DEFAULT_CORPUS = "midi_songs";
    /** The tutorial's window: 100 tokens of history per prediction. */
    static final int TUTORIAL_WINDOW = 100;

    @Option(names = "--model", paramLabel = "FILE",
            description = "The .onnx model to generate with (default: the shipped " + DEFAULT_MODEL + ").")
    Path model;

    @Option(names = "--count", paramLabel = "N", defaultValue = "8", description = "How many pieces (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--length", paramLabel = "N", defaultValue = "500",
            description = "Most tokens to add to each piece; a piece that ends itself stops sooner (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR",
            description = "Folder for the MIDI files, created if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "PREFIX",
            description = "File name prefix (default: the model's file name). Files are PREFIX-SEED-NN.mid.")
    String name;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed; the same seed and settings give the same pieces (default: random, printed).")
    Long seed;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Below 1: safer, more repetitive; above 1: bolder (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Sample only among the K likeliest tokens (0: off).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95",
            description = "Sample only among the likeliest tokens that together hold this probability (1: off; default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--greedy", description = "Always take the likeliest token (the tutorial's argmax; tends to loop).")
    boolean greedy;

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

    @Option(names = "--primer-length", paramLabel = "N",
            description = "Tokens per window with --primer-from-corpus (default: 64; 100 with --tutorial).")
    Integer primerLength;

    @Option(names = "--tutorial",
            description = "The tutorial's generation: greedy (argmax), each piece primed with a random 100-token window "
                    + "of the corpus (midi_songs/, or --primer-from-corpus DIR), --length tokens (default 500), each step "
                    + "re-running the last 100 tokens from a zero state as the tutorial does. Only the generated tokens "
                    + "are written, as in the tutorial. Meant for models trained with 'train --preset tutorial'.")
    boolean tutorial;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda", defaultValue = "auto",
            description = "auto (CUDA if it can be loaded, else CPU), cpu, or cuda (fail if unavailable). Default: ${DEFAULT-VALUE}.")
    Device device;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "CPU threads for ONNX Runtime (0: one per core).")
    int threads;

    @Option(names = "--tempo", paramLabel = "BPM", description = "Tempo of the written files (default: the model's).")
    Double tempo;

    @Option(names = "--json", description = "Print one JSON object instead of lines.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Option(names = "--wav", description = "Also render each piece to a WAV file beside its MIDI file.")
    boolean wav;

    @Option(names = "--png", description = "Also draw each piece as a piano-roll PNG beside its MIDI file.")
    boolean png;

    @Option(names = "--soundfont", paramLabel = "FILE.sf2",
            description = "General MIDI SoundFont for --wav (default: an installed one if found, else the JDK's sounds).")
    Path soundfont;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (count < 1) throw new IllegalArgumentException("--count must be at least 1, got " + count);
        if (length < 1) throw new IllegalArgumentException("--length must be at least 1, got " + length);
        if (tempo != null && !(tempo >= 10 && tempo <= 400)) throw new IllegalArgumentException("--tempo must be 10..400 BPM, got " + tempo);
        Sampling sampling = greedy || tutorial ? Sampling.GREEDY : new Sampling.Sampled(temperature, topK, topP);
        int windowLength = primerLength != null ? primerLength : tutorial ? TUTORIAL_WINDOW : 64;
        long usedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        Path modelFile = resolveModel();
        String prefix = name != null ? name : stem(modelFile);
        GenerationRequest request = new GenerationRequest(count, length, sampling, usedSeed, primerChoice(windowLength), tempo,
                prefix + "-" + usedSeed);

        long t0 = System.nanoTime();
        try (Generator opened = Generator.open(new ModelSpec(modelFile, "ort", device, threads))) {
            long loaded = System.nanoTime();
            if (opened.model() instanceof OnnxStepModel ort && ort.fallbackReason() != null && device == Device.AUTO) {
                stderr.println("note: " + ort.fallbackReason());
            }
            Generator generator = tutorial
                    ? Generator.over(opened.model(), opened.metadata(), new WindowedDecoder(windowLength)) : opened;
            GenerationResult result = generator.generate(request);
            reportReplacements(result, stderr);
            if (sampling instanceof Sampling.Greedy && count > 1 && result.pieces().stream()
                    .allMatch(p -> java.util.Arrays.equals(p.ids().primer(), result.pieces().get(0).ids().primer()))) {
                stderr.println("note: greedy generation is deterministic and all " + count + " pieces started from the "
                        + "same primer, so they are identical; use --primer-from-corpus DIR (a different window per "
                        + "piece) or sampling (no --greedy) for different pieces");
            }

            Files.createDirectories(out);
            MidiWriter writer = new MidiWriter();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GenerationResult.Generated piece : result.pieces()) {
                Path file = out.resolve(piece.title() + ".mid");
                // The tutorial writes only what the network generated; Cadenza keeps the primer as the piece's opening.
                Piece music = tutorial ? generator.tokenizer().decode(piece.title(), piece.ids().continuation(),
                        result.tempoBpm()) : piece.music();
                writer.write(music, file);
                if (wav) {
                    Path wavFile = out.resolve(piece.title() + ".wav");
                    WavRenderer.render(music, wavFile, java.util.Optional.ofNullable(soundfont));
                }
                if (png) PianoRoll.write(music, out.resolve(piece.title() + ".png"));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", file.toString());
                row.put("primer", piece.primer().source());
                row.put("primerTokens", piece.ids().primer().length);
                row.put("tokens", piece.ids().continuation().length);
                row.put("notes", music.notes().size());
                row.put("seconds", Math.round(music.lengthSeconds() * 10) / 10.0);
                row.put("ended", piece.ended());
                rows.add(row);
                if (!json) {
                    stdout.printf("%s  %4d notes  %6.1f s  %s%n", file, music.notes().size(), music.lengthSeconds(),
                            piece.ended() ? "ended by the model" : "cut at --length " + length);
                }
            }
            double genSeconds = result.generateNanos() / 1e9;
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("model", modelFile.toString());
                report.put("backend", result.backend());
                report.put("fallback", generator.model() instanceof OnnxStepModel ort ? ort.fallbackReason() : null);
                report.put("seed", usedSeed);
                report.put("sampling", sampling.describe());
                report.put("tempoBpm", result.tempoBpm());
                report.put("loadSeconds", (loaded - t0) / 1e9);
                report.put("generateSeconds", genSeconds);
                report.put("tokensPerSecond", result.tokensPerSecond());
                report.put("replacements", result.pieces().get(0).primer().replacements());
                report.put("pieces", rows);
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                int n = result.pieces().size();
                stdout.printf("%d piece%s, %d tokens in %.2f s (%.0f tokens/s, %s, %s, seed %d)%n", n, n == 1 ? "" : "s",
                        result.tokens(), genSeconds, result.tokensPerSecond(), result.backend(), sampling.describe(), usedSeed);
            }
            stdout.flush();
            return 0;
        }
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

    private Path resolveModel() throws ModelFileException {
        return model != null ? model : defaultModel();
    }

    /**
     * The shipped model: {@code models/default.onnx} in the working folder, else in the Cadenza folder the launcher
     * names (so {@code ./cadenza generate} works from anywhere).
     */
    public static Path defaultModel() throws ModelFileException {
        Path found = CadenzaHome.find(DEFAULT_MODEL);
        if (Files.exists(found)) return found;
        throw new ModelFileException(found, "the shipped model is missing; pass --model FILE.onnx (see models/README.md)");
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
