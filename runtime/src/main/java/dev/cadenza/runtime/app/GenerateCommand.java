package dev.cadenza.runtime.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.cadenza.runtime.audio.WavRenderer;
import dev.cadenza.runtime.codec.Encoding;
import dev.cadenza.runtime.codec.Vocabulary;
import dev.cadenza.runtime.generate.BatchGenerator;
import dev.cadenza.runtime.generate.GeneratedPiece;
import dev.cadenza.runtime.generate.Primer;
import dev.cadenza.runtime.generate.Primers;
import dev.cadenza.runtime.generate.SamplingSettings;
import dev.cadenza.runtime.generate.WindowedGenerator;
import dev.cadenza.runtime.midi.MidiWriter;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.onnx.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
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
    PrimerChoice primer;

    static final class PrimerChoice {
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
        SamplingSettings sampling = greedy || tutorial ? SamplingSettings.GREEDY
                : new SamplingSettings(false, temperature, topK, topP);
        int windowLength = primerLength != null ? primerLength : tutorial ? TUTORIAL_WINDOW : 64;
        long usedSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        Path modelFile = resolveModel();

        long t0 = System.nanoTime();
        try (OnnxStepModel stepModel = OnnxStepModel.open(modelFile, OnnxOptions.of(device, threads))) {
            long loaded = System.nanoTime();
            if (stepModel.fallbackReason() != null && device == Device.AUTO) stderr.println("note: " + stepModel.fallbackReason());
            Vocabulary vocabulary = stepModel.metadata().vocabulary();
            Encoding encoding = vocabulary.encoding();
            List<Primer> primers = primers(vocabulary, usedSeed, windowLength, stderr);
            List<int[]> ids = new ArrayList<>();
            for (Primer p : primers) ids.add(p.ids());
            if (sampling.greedy() && count > 1 && ids.stream().allMatch(p -> java.util.Arrays.equals(p, ids.get(0)))) {
                stderr.println("note: greedy generation is deterministic and all " + count + " pieces start from the same "
                        + "primer, so they will be identical; use --primer-from-corpus DIR (a different window per piece) "
                        + "or sampling (no --greedy) for different pieces");
            }

            long g0 = System.nanoTime();
            List<GeneratedPiece> pieces = tutorial
                    ? new WindowedGenerator(stepModel, windowLength).generate(ids, length, sampling, usedSeed)
                    : new BatchGenerator(stepModel).generate(ids, length, sampling, usedSeed, null);
            long g1 = System.nanoTime();

            double bpm = tempo != null ? tempo : stepModel.metadata().tempoBpm();
            String prefix = name != null ? name : stem(modelFile);
            Files.createDirectories(out);
            MidiWriter writer = new MidiWriter();
            List<Map<String, Object>> rows = new ArrayList<>();
            long generatedTokens = 0;
            for (GeneratedPiece piece : pieces) {
                String title = String.format("%s-%d-%02d", prefix, usedSeed, piece.index() + 1);
                Path file = out.resolve(title + ".mid");
                // The tutorial writes only what the network generated; Cadenza keeps the primer as the piece's opening.
                int[] written = tutorial ? piece.continuation() : piece.allIds();
                Piece music = encoding.decode(title, vocabulary.tokens(written), bpm);
                writer.write(music, file);
                if (wav) {
                    Path wavFile = out.resolve(title + ".wav");
                    WavRenderer.render(music, wavFile, java.util.Optional.ofNullable(soundfont));
                }
                if (png) PianoRoll.write(music, out.resolve(title + ".png"));
                generatedTokens += piece.continuation().length;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", file.toString());
                row.put("primer", primers.get(piece.index()).source());
                row.put("primerTokens", piece.primer().length);
                row.put("tokens", piece.continuation().length);
                row.put("notes", music.notes().size());
                row.put("seconds", Math.round(music.lengthSeconds() * 10) / 10.0);
                row.put("ended", piece.ended());
                rows.add(row);
                if (!json) {
                    stdout.printf("%s  %4d notes  %6.1f s  %s%n", file, music.notes().size(), music.lengthSeconds(),
                            piece.ended() ? "ended by the model" : "cut at --length " + length);
                }
            }
            double genSeconds = (g1 - g0) / 1e9;
            if (json) {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("model", modelFile.toString());
                report.put("backend", stepModel.backendName());
                report.put("fallback", stepModel.fallbackReason());
                report.put("seed", usedSeed);
                report.put("sampling", sampling.describe());
                report.put("tempoBpm", bpm);
                report.put("loadSeconds", (loaded - t0) / 1e9);
                report.put("generateSeconds", genSeconds);
                report.put("tokensPerSecond", generatedTokens / Math.max(genSeconds, 1e-9));
                report.put("replacements", primers.isEmpty() ? Map.of() : primers.get(0).replacements());
                report.put("pieces", rows);
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } else {
                stdout.printf("%d piece%s, %d tokens in %.2f s (%.0f tokens/s, %s, %s, seed %d)%n", pieces.size(),
                        pieces.size() == 1 ? "" : "s",
                        generatedTokens, genSeconds, generatedTokens / Math.max(genSeconds, 1e-9),
                        stepModel.backendName(), sampling.describe(), usedSeed);
            }
            stdout.flush();
            return 0;
        }
    }

    private List<Primer> primers(Vocabulary vocabulary, long usedSeed, int primerLength, PrintWriter stderr)
            throws Exception {
        if (primer != null && primer.file != null) {
            Primer p = Primers.fromFile(primer.file, vocabulary);
            if (!p.replacements().isEmpty()) {
                stderr.println("primer " + primer.file + ": " + p.replacements().size()
                        + " token(s) the model never saw were mapped to the nearest known: " + describe(p.replacements()));
            }
            return Collections.nCopies(count, p);
        }
        Path corpus = primer != null ? primer.corpus : tutorial ? CadenzaHome.find(DEFAULT_CORPUS) : null;
        if (corpus != null) {
            if (!Files.isDirectory(corpus)) {
                throw new IllegalArgumentException(corpus + ": corpus folder not found (pass --primer-from-corpus DIR)");
            }
            List<Primer> list = Primers.fromCorpus(corpus, vocabulary, count, primerLength, usedSeed);
            Map<String, String> all = new java.util.TreeMap<>();
            for (Primer p : list) all.putAll(p.replacements());
            if (!all.isEmpty()) {
                stderr.println("primers from " + corpus + ": tokens the model never saw were mapped: " + describe(all));
            }
            return list;
        }
        return Collections.nCopies(count, Primers.start());
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
