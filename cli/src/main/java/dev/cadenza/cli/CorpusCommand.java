package dev.cadenza.cli;

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
        description = "Parse a folder of MIDI files (recursively: .mid .midi .kar) and report notes, tokens, "
                + "vocabulary size and each piece's estimated key (Krumhansl-Schmuckler), per file and in total, with "
                + "every skipped file and why.")
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
        for (Corpus.Entry entry : corpus.pieces()) {
            List<String> stream = encoding.encode(entry.piece());
            streams.add(stream);
            tokens += stream.size();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", entry.name());
            row.put("notes", entry.piece().notes().size());
            row.put("tokens", stream.size());
            row.put("seconds", Math.round(entry.piece().lengthSeconds() * 10) / 10.0);
            row.put("key", KEYS.estimate(entry.piece().notes()).toString());
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
            report.put("notes", corpus.notes());
            report.put("tokens", tokens);
            report.put("vocabulary", vocabulary);
            report.put("encoding", encoding.name());
            report.put("pieces", perFile);
            out.println(new ObjectMapper().writeValueAsString(report));
        } else {
            out.printf("%-40s %7s %8s %8s  %s%n", "file", "notes", "tokens", "seconds", "key");
            for (Map<String, Object> row : perFile) {
                out.printf("%-40s %7d %8d %8.1f  %s%n", row.get("file"), row.get("notes"), row.get("tokens"), row.get("seconds"),
                        row.get("key"));
            }
            for (Corpus.Skipped s : corpus.skipped()) out.println("skipped " + dev.cadenza.runtime.io.Printable.of(s.file()) + ": " + s.reason());
            for (String w : corpus.warnings()) out.println("warning " + w);
            out.printf("%nfiles %d, pieces used %d, skipped %d, notes %d, tokens %d, vocabulary %d (encoding %s)%n",
                    corpus.files(), corpus.pieces().size(), corpus.skipped().size(), corpus.notes(), tokens, vocabulary,
                    encoding.label());
        }
        if (corpus.pieces().isEmpty()) {
            err.println("error: " + dir + ": no usable MIDI file (" + corpus.files() + " found)");
            return ExitCodes.USER_ERROR;
        }
        return 0;
    }
}
