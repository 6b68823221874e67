package dev.cadenza.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cadenza.app.CommandLines;
import dev.cadenza.runtime.generate.GenerationResult;
import dev.cadenza.runtime.generate.Generator;
import dev.cadenza.runtime.generate.ModelSpec;
import dev.cadenza.app.GenerateCommand;
import dev.cadenza.runtime.generate.Decoding;
import dev.cadenza.runtime.generate.GenerationRequest;
import dev.cadenza.runtime.generate.MusicLength;
import dev.cadenza.runtime.generate.PrimerChoice;
import dev.cadenza.runtime.midi.MidiWriter;
import picocli.CommandLine;

class GenerateJobTest {
    @TempDir
    Path tmp;

    private static GenerateSettings settings(Path model, int count) {
        // Four seconds of music per piece keeps the test short; the decoding path is the one a minute takes.
        Decoding decoding = Decoding.builder().maxTokens(4000).musicLength(MusicLength.seconds(4)).seed(11).build();
        return GenerateSettings.of(model.getFileName().toString(),
                new GenerationRequest(count, decoding, PrimerChoice.start(), null, "default-11"), 1);
    }

    @Test
    void pieceIOfSeedSIsTheGeneratorsPieceIByteForByteAndARetriedTaskAddsNothing() throws Exception {
        Path model = TestSpark.project("models/default.onnx");
        Path out = tmp.resolve("pieces");
        GenerateSettings s = settings(model, 5);
        SparkSession spark = TestSpark.session();

        GenerateJob.Result result = new GenerateJob(model, s, out.toString(), 2, false).run(spark); // 3 partitions

        assertEquals(5, result.pieces());
        assertEquals(3, result.partitions());
        GenerationResult single;
        try (Generator g = Generator.open(ModelSpec.of(model))) {
            single = g.generate(s.request()); // what 'cadenza generate --seed 11 --seconds 4 --count 5' decodes
        }
        MidiWriter writer = new MidiWriter();
        for (GenerationResult.Generated p : single.pieces()) {
            Path file = out.resolve(p.title() + ".mid");
            assertArrayEquals(writer.toBytes(p.music()), Files.readAllBytes(file), file + " differs from the Generator's piece");
        }
        List<Row> index = spark.read().parquet(out.resolve(GenerateJob.INDEX).toString()).orderBy("number").collectAsList();
        assertEquals(5, index.size());
        for (int i = 0; i < 5; i++) {
            Row r = index.get(i);
            assertEquals(single.pieces().get(i).title(), r.getAs("id"));
            assertEquals(11L, (long) r.getAs("seed"));
            assertEquals(single.pieces().get(i).music().notes().size(), (int) r.getAs("notes"));
        }

        // Spark runs a failed task again: the second attempt finds its pieces written and leaves them as they are.
        byte[] before = Files.readAllBytes(out.resolve("default-11-01.mid"));
        GenerateJob.generate(s, out.toUri().toString(), 0, 2);
        assertArrayEquals(before, Files.readAllBytes(out.resolve("default-11-01.mid")));
        try (Stream<Path> files = Files.list(out)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("default-11-01.mid", "default-11-02.mid", "default-11-03.mid", "default-11-04.mid",
                    "default-11-05.mid", GenerateJob.INDEX), names, "no duplicate, no temporary file");
        }
    }

    @Test
    void aMissingOrBrokenModelFailsInOneLineBeforeSparkStarts() throws Exception {
        Path broken = tmp.resolve("broken.onnx");
        Files.write(broken, "this is no ONNX model".getBytes());
        for (Path model : new Path[] {tmp.resolve("missing.onnx"), broken}) {
            Path out = tmp.resolve("out-" + model.getFileName());
            StringWriter err = new StringWriter();
            CommandLine cl = CommandLines.of(new SparkCli());
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("generate", "--model", model.toString(), "--out", out.toString(), "--master", "local[1]");
            assertEquals(1, code, err.toString());
            String[] lines = err.toString().strip().split("\n");
            assertEquals(1, lines.length, err.toString());
            assertTrue(lines[0].startsWith("error: ") && lines[0].contains(model.getFileName().toString()), lines[0]);
            assertFalse(Files.exists(out), "nothing is written for a job that cannot run");
        }
    }

    /** What a command printed on its error stream, and its exit code. */
    private record Run(int code, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = CommandLines.of(command);
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new Run(cl.execute(args), err.toString().strip());
    }

    @Test
    void aValueGenerateRefusesSparkGenerateRefusesInTheSameWordsBeforeSparkStarts() {
        String model = TestSpark.project("models/default.onnx").toString();
        List<List<String>> refused = List.of(
                List.of("--length", "0"),
                List.of("--length", "100001"),
                List.of("--top-k", "-1"),
                List.of("--temperature", "0"),
                List.of("--sampling", "top-p=2"),
                List.of("--seconds", "-1"),
                List.of("--no-repeat-ngram", "1"),
                List.of("--key-strength", "50"),
                List.of("--beam-size", "0"),
                List.of("--key", "H"),
                List.of("--style", "chopin"),        // the shipped model has no style tokens
                List.of("--tempo", "1000"),
                List.of("--seed", "-3"),
                List.of("--threads", "-1"),
                List.of("--name", "../escape"));
        // A model without key tokens refuses --key: the refusal names the model, as generate's does.
        String unkeyed = TestSpark.project("models/v1/default.onnx").toString();
        refused = Stream.concat(refused.stream().map(o -> concat(o, "--model", model)),
                Stream.<String[]>of(new String[] {"--key", "C", "--model", unkeyed})).map(List::of).toList();
        for (List<String> option : refused) {
            Path cliOut = tmp.resolve("cli");
            Path sparkOut = tmp.resolve("spark");
            Run cli = run(new GenerateCommand(), concat(option, "--count", "2", "--out", cliOut.toString()));
            Run spark = run(new SparkCli(), concat(List.of("generate"), concat(option, "--count", "2",
                    "--out", sparkOut.toString(), "--master", "local[1]")));
            assertTrue(cli.code() != 0 && cli.err().startsWith("error: ") && !cli.err().contains("\n"), option + ": " + cli.err());
            assertEquals(cli.code(), spark.code(), option + ": " + spark.err());
            assertEquals(cli.err(), spark.err(), option + ": the same refusal");
            assertFalse(Files.exists(sparkOut), option + ": nothing written");
        }
    }

    @Test
    void theSameDecodingValueMakesTheSamePiecesAsGenerate() throws Exception {
        Path model = TestSpark.project("models/default.onnx");
        // Settings off every default, each a field of the one Decoding both commands build.
        String[] options = {"--model", model.toString(), "--count", "3", "--seed", "23", "--seconds", "3", "--length", "300",
                "--top-k", "12", "--temperature", "0.9", "--no-repeat-ngram", "6", "--name", "same"};
        Path cliOut = tmp.resolve("cli");
        Run cli = run(new GenerateCommand(), concat(List.of(options), "--out", cliOut.toString()));
        assertEquals(0, cli.code(), cli.err());

        SparkGenerateCommand command = new SparkGenerateCommand();
        new CommandLine(command).parseArgs(concat(List.of(options), "--out", "unused"));
        GenerateSettings settings = command.settings(model);
        Path sparkOut = tmp.resolve("spark");
        new GenerateJob(model, settings, sparkOut.toString(), 2, false).run(TestSpark.session());
        for (int i = 1; i <= 3; i++) {
            String file = "same-23-0" + i + ".mid";
            assertArrayEquals(Files.readAllBytes(cliOut.resolve(file)), Files.readAllBytes(sparkOut.resolve(file)), file);
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Stream.of(tail)).toArray(String[]::new);
    }
}
