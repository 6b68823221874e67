package dev.cadenza.runtime.corpus;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.cadenza.runtime.io.Printable;

/**
 * What a corpus folder says about its own pieces: {@value #FILE_NAME} beside the MIDI files, one row per piece.
 * Columns (by the header's names, any order): {@code file} (the path relative to the folder, {@code /} between
 * folders) and {@code composer} are required; {@code title}, {@code year}, {@code maker}, {@code licence} and
 * {@code split} ({@code train} or {@code validation}: the pieces every run holds out) may follow. Fields may be quoted
 * as in RFC 4180 ({@code "Krueger, piano-midi.de"}). A folder without the file has no manifest, and that is fine.
 *
 * <p>The manifest is read whole before any training: a row naming a file that is not there, a line with the wrong
 * number of fields, an unclosed quote or a file named twice stops the reading with one line naming the line and the
 * problem ({@link ManifestException}), so nothing is trained on a half-read corpus.
 */
public record Manifest(Path file, Map<String, Row> rows) {
    public static final String FILE_NAME = "manifest.csv";
    private static final List<String> COLUMNS = List.of("file", "composer", "title", "year", "maker", "licence", "split");
    /** Far above any real corpus; keeps a runaway file from filling memory before it is refused. */
    private static final long MAX_BYTES = 16L << 20;

    public Manifest {
        rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    /**
     * One piece as the manifest describes it.
     *
     * @param heldOut whether the manifest holds this piece out for validation ({@code split=validation})
     */
    public record Row(String file, String composer, String title, String year, String maker, String licence,
                      boolean heldOut) {
        /** The composer as a style name: lower-case ASCII letters, digits and {@code -} ("Albéniz" is "albeniz"). */
        public String style() {
            return styleName(composer);
        }
    }

    /** The manifest of {@code dir}, or null when it has none. */
    public static Manifest find(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? read(file, dir) : null;
    }

    /** The row of a piece by its corpus-relative name (either separator), or null. */
    public Row row(String name) {
        return rows.get(name.replace('\\', '/'));
    }

    /** Pieces per style, for the pieces named. */
    public Map<String, Integer> styleCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Row r : rows.values()) counts.merge(r.style(), 1, Integer::sum);
        return counts;
    }

    /**
     * A composer name as a style token's name: accents dropped, lower case, every run of other characters one
     * {@code -}. Empty when nothing is left.
     */
    public static String styleName(String composer) {
        String plain = Normalizer.normalize(composer, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    static Manifest read(Path file, Path dir) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw new ManifestException(file + ": larger than " + (MAX_BYTES >> 20) + " MB; not a manifest");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestException(file + ": not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) throw new ManifestException(file + ": empty; the first line must name the columns (file,composer,...)");
        List<String> header = fields(file, 1, lines.get(0));
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new ManifestException(file + " line 1: unknown column '" + Printable.of(name) + "' (known: " + String.join(", ", COLUMNS) + ")");
            }
            if (at.put(name, i) != null) throw new ManifestException(file + " line 1: column '" + name + "' twice");
        }
        for (String required : List.of("file", "composer")) {
            if (!at.containsKey(required)) throw new ManifestException(file + " line 1: no '" + required + "' column");
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int n = 2; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank()) continue;
            List<String> f = fields(file, n, line);
            String where = file + " line " + n + ": ";
            if (f.size() != header.size()) {
                throw new ManifestException(where + f.size() + " fields where the header has " + header.size());
            }
            String name = get(f, at, "file").replace('\\', '/');
            if (name.isEmpty()) throw new ManifestException(where + "no file named");
            Path root = dir.toAbsolutePath().normalize(); // absolute: "." normalises to an empty path
            Path piece = root.resolve(name).normalize();
            if (!piece.startsWith(root) || name.startsWith("/")) {
                throw new ManifestException(where + "'" + Printable.of(name) + "' is outside the corpus folder");
            }
            if (!Files.isRegularFile(piece)) throw new ManifestException(where + "names " + Printable.of(name) + ", which is not in " + dir);
            String composer = get(f, at, "composer");
            if (styleName(composer).isEmpty()) throw new ManifestException(where + "no composer for " + Printable.of(name));
            String split = get(f, at, "split");
            if (!split.isEmpty() && !split.equals("train") && !split.equals("validation")) {
                throw new ManifestException(where + "split must be 'train' or 'validation', got '" + Printable.of(split) + "'");
            }
            Row row = new Row(name, composer, get(f, at, "title"), get(f, at, "year"), get(f, at, "maker"),
                    get(f, at, "licence"), split.equals("validation"));
            if (rows.put(name, row) != null) throw new ManifestException(where + Printable.of(name) + " is named twice");
        }
        return new Manifest(file, rows);
    }

    private static String get(List<String> fields, Map<String, Integer> at, String column) {
        Integer i = at.get(column);
        return i == null ? "" : fields.get(i).trim();
    }

    /** The fields of one CSV line: commas separate, double quotes enclose, {@code ""} inside quotes is a quote. */
    static List<String> fields(Path file, int lineNumber, String line) throws ManifestException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                field.setLength(0);
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (wasQuoted && !Character.isWhitespace(c)) {
                throw new ManifestException(file + " line " + lineNumber + ": text after a closing quote (field " + (out.size() + 1) + ")");
            } else {
                field.append(c);
            }
        }
        if (quoted) throw new ManifestException(file + " line " + lineNumber + ": a quote is not closed (a field cannot span lines)");
        out.add(field.toString());
        return out;
    }
}
