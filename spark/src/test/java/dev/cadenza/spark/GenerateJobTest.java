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
import dev.cadenza.runtime.generate.Sampling;
import dev.cadenza.runtime.midi.MidiWriter;
import picocli.CommandLine;

class GenerateJobTest {
    @TempDir
    Path tmp;

    private static GenerateSettings settings(Path model, int count) {
        // Four seconds of music per piece keeps the test short; the decoding path is the one a minute takes.
        return new GenerateSettings(model.getFileName().toString(), count, 11, 4000, Sampling.DEFAULT.describe(), 4, 0, null,
                null, "default-11", 1);
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
}
