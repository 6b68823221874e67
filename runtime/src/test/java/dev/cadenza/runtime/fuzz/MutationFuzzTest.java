package dev.cadenza.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.runtime.codec.Encodings;
import dev.cadenza.runtime.io.Printable;
import dev.cadenza.runtime.midi.MidiFileException;
import dev.cadenza.runtime.midi.MidiReader;
import dev.cadenza.runtime.midi.Piece;
import dev.cadenza.runtime.model.ModelFileException;
import dev.cadenza.runtime.generate.Device;
import dev.cadenza.runtime.onnx.OnnxOptions;
import dev.cadenza.runtime.onnx.OnnxStepModel;

/**
 * Mutation fuzzing of the two readers that take files from users: the MIDI reader (over every file of
 * {@code midi_songs/}) and the model loader (over the shipped model). Every input must end in a parse, or in the
 * format's one-line error naming the file: no other exception, no hang, no OutOfMemoryError.
 *
 * <p>The time limits are far above what any input needs (a 2,500-note file reads, encodes and decodes in well under
 * a second even on a starved machine) and catch only inputs that would run on and on: a first long run with a 5 s
 * limit, niced on a machine loaded 15 times beyond its cores, counted two ordinary large mutants as hangs.
 *
 * <p>CI runs about 2,000 inputs; {@code mvn -B -Pfuzz-long -pl runtime -am verify} runs 100,000 (or
 * {@code -Dcadenza.fuzz.inputs=N}); {@code -Dcadenza.fuzz.seed=S} picks another sequence. Figures are appended to
 * {@code runtime/target/fuzz-report.txt}; crashing and hanging inputs are kept in {@code runtime/target/fuzz-findings/}.
 */
class MutationFuzzTest {
    private static final Path SONGS = Path.of("..", "midi_songs");
    private static final Path MODEL = Path.of("..", "models", "default.onnx");

    @TempDir
    Path dir;

    /** The message must name the file first and stay on one printable line. */
    private static void assertOneLine(String message, Path file) {
        if (!message.startsWith(Printable.of(file) + ": ")) throw new AssertionError("does not start with the file name: " + message);
        if (message.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) throw new AssertionError("not one printable line: " + message);
    }

    @Test
    void theMidiReaderSurvivesMutantsOfEveryCorpusFile() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> files = Files.list(SONGS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mid")).sorted().toList()) seeds.add(Files.readAllBytes(f));
        }
        assertEquals(14, seeds.size());
        List<List<Mutator.LengthField>> lengths = seeds.stream().map(Mutator::midiLengths).toList();
        int inputs = FuzzBudget.inputs(2_000) * 3 / 4;
        Mutator mutator = new Mutator(FuzzBudget.seed());
        // Every other mutant is read with the sustain pedal folded in and encoded with every timed option too.
        MidiReader plain = new MidiReader();
        MidiReader pedal = MidiReader.withSustainPedal();
        dev.cadenza.runtime.codec.TimedEncoding options = new dev.cadenza.runtime.codec.TimedEncoding(
                new dev.cadenza.runtime.codec.TimedEncoding.Options(8, true, true));
        fuzz(new FuzzBudget("midi", 30_000), inputs, ".mid", MidiFileException.class, i -> {
            int which = i % seeds.size();
            return mutator.mutate(seeds.get(which), lengths.get(which));
        }, (i, name, bytes) -> {
            Piece piece = (i % 2 == 0 ? plain : pedal).read(name, bytes);
            // What every command does next: encode it both ways and decode the tokens again.
            for (String n : Encodings.names()) Encodings.byName(n).decode(piece.name(), Encodings.byName(n).encode(piece), piece.tempoBpm());
            options.decode(piece.name(), options.encode(piece), piece.tempoBpm());
        });
    }

    @Test
    void theModelLoaderSurvivesMutantsOfTheShippedModel() throws Exception {
        byte[] seed = Files.readAllBytes(MODEL);
        List<Mutator.LengthField> lengths = Mutator.protobufLengths(seed);
        // Half the mutants change only what follows the graph (opset, metadata): those pass the digest and reach
        // the metadata checks and ONNX Runtime itself, where a flip in the weights would stop at the digest.
        int graphEnd = Mutator.afterGraph(seed);
        byte[] head = java.util.Arrays.copyOf(seed, graphEnd);
        byte[] tail = java.util.Arrays.copyOfRange(seed, graphEnd, seed.length);
        List<Mutator.LengthField> tailLengths = Mutator.protobufLengths(tail);
        int inputs = FuzzBudget.inputs(2_000) / 4;
        Mutator mutator = new Mutator(FuzzBudget.seed() + 1);
        fuzz(new FuzzBudget("model", 60_000), inputs, ".onnx", ModelFileException.class,
                i -> i % 2 == 0 ? mutator.mutate(seed, lengths) : concat(head, mutator.mutate(tail, tailLengths)),
                (i, name, bytes) -> {
                    OnnxStepModel.check(name, bytes);
                    // Passed every check before ONNX Runtime: now the real load and one step, as generate does.
                    Files.write(name, bytes);
                    try (OnnxStepModel model = OnnxStepModel.open(name, OnnxOptions.of(Device.CPU, 1))) {
                        var state = model.newState(1);
                        model.run(new long[] {1}, 1, state, new float[model.vocabularySize()]);
                    } finally {
                        Files.deleteIfExists(name);
                    }
                });
    }

    /** What the test does with one mutant; returning normally means it was accepted. */
    private interface Reader {
        void read(int index, Path name, byte[] bytes) throws Exception;
    }

    /**
     * Feeds {@code inputs} mutants to {@code reader} under the budget: a refusal of type {@code refusal} must be one
     * line naming the file; then checks that nothing crashed or hung and that both outcomes were reached.
     */
    private void fuzz(FuzzBudget budget, int inputs, String extension, Class<? extends Exception> refusal,
                      java.util.function.IntFunction<byte[]> mutant, Reader reader) {
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < inputs; i++) {
                byte[] bytes = mutant.apply(i);
                Path name = dir.resolve("mutant-" + i + extension);
                int index = i;
                budget.run(i, bytes, () -> {
                    try {
                        reader.read(index, name, bytes);
                        return FuzzBudget.Outcome.PARSED;
                    } catch (Exception e) {
                        if (!refusal.isInstance(e)) throw e;
                        assertOneLine(e.getMessage(), name);
                        return FuzzBudget.Outcome.REFUSED;
                    }
                });
            }
        } finally {
            budget.close();
            budget.report(System.nanoTime() - t0);
        }
        assertSurvived(budget);
    }

    /** No crash, no hang, and the mutants reached both ends: a parse and a one-line refusal. */
    private static void assertSurvived(FuzzBudget budget) {
        assertTrue(budget.crashes.isEmpty(), budget.crashes.size() + " crashes, first: " + budget.crashes.subList(0, Math.min(5, budget.crashes.size())));
        assertTrue(budget.hangs.isEmpty(), budget.hangs.toString());
        assertTrue(budget.parsed > 0 && budget.refused > 0, "the mutants exercise both outcomes: " + budget.summary(0));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
