package dev.cadenza.trainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a DL4J checkpoint zip before Deeplearning4j reads it. DL4J inflates {@code configuration.json} into one
 * string and sizes its arrays from what the file declares, so a damaged or hostile zip (a few MB that inflate to
 * gigabytes, or a configuration claiming huge layers) would exhaust memory. Here every entry is inflated once,
 * counting bytes and stopping at a bound derived from the run's own network size, and the configuration's layer
 * widths are compared with the run's settings. A cut-off or empty file gets a message that says so.
 */
final class CheckpointFile {
    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    /** Real configurations are a few tens of KB. */
    static final long MAX_CONFIGURATION_BYTES = 8L << 20;
    private static final int MAX_ENTRIES = 64;

    private CheckpointFile() {
    }

    /** @throws IOException naming the file and what is wrong with it */
    static void check(Path file, NetworkShape shape) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IOException(file + ": empty file (0 bytes); the checkpoint was never completely written");
        }
        // Arrays are float or double; the optimizer keeps up to two more of the same size (Adam).
        long maxArrayBytes = shape.parameters() * 16 + (1L << 20);
        Set<String> names = new HashSet<>();
        byte[] configuration = null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (names.size() >= MAX_ENTRIES) throw new IOException(file + ": holds more than " + MAX_ENTRIES + " entries; not a Cadenza checkpoint");
                String name = entry.getName();
                names.add(name);
                long limit = name.equals(CONFIGURATION) || !name.endsWith(".bin") ? MAX_CONFIGURATION_BYTES : maxArrayBytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] kept = inflate(file, name, in, limit, name.equals(CONFIGURATION));
                    if (name.equals(CONFIGURATION)) configuration = kept;
                }
            }
        } catch (ZipException e) {
            throw new IOException(file + ": not a complete zip file (" + e.getMessage() + "); the checkpoint is "
                    + (size < 1024 ? "cut off or not a checkpoint" : "truncated or damaged"), e);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": the zip ends in the middle of an entry; the checkpoint is truncated", e);
        }
        List<String> missing = new ArrayList<>();
        for (String needed : List.of(CONFIGURATION, COEFFICIENTS)) if (!names.contains(needed)) missing.add(needed);
        if (!missing.isEmpty()) throw new IOException(file + ": not a DL4J checkpoint (no " + String.join(", no ", missing) + ")");
        checkWidths(file, configuration, shape);
    }

    /** Reads an entry to its end, counting; keeps the bytes only when asked (the configuration). */
    private static byte[] inflate(Path file, String name, InputStream in, long limit, boolean keep) throws IOException {
        java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new IOException(file + ": entry '" + dev.cadenza.runtime.io.Printable.of(name) + "' inflates to more than "
                            + (limit >> 20) + " MB, far more than this run's network needs; the checkpoint is damaged "
                            + "or not one of ours, so it is not loaded");
                }
                if (keep) kept.write(buffer, 0, n);
            }
        } catch (ZipException e) {
            throw new IOException(file + ": entry '" + dev.cadenza.runtime.io.Printable.of(name) + "' is damaged ("
                    + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": entry '" + dev.cadenza.runtime.io.Printable.of(name)
                    + "' ends early; the checkpoint is truncated", e);
        }
        return keep ? kept.toByteArray() : null;
    }

    /** Every nIn/nOut in the configuration must fit the run's widest layer: DL4J allocates what they claim. */
    private static void checkWidths(Path file, byte[] configuration, NetworkShape shape) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(configuration);
        } catch (IOException e) {
            throw new IOException(file + ": configuration.json is not valid JSON; the checkpoint is damaged", e);
        }
        if (root == null || !root.isObject()) throw new IOException(file + ": configuration.json is not a DL4J configuration");
        long widest = shape.widest();
        List<JsonNode> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            JsonNode node = stack.remove(stack.size() - 1);
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                JsonNode value = field.getValue();
                if ((field.getKey().equals("nin") || field.getKey().equals("nout") || field.getKey().equals("nIn")
                        || field.getKey().equals("nOut")) && value.isNumber() && (value.asLong() > widest || value.asLong() < 0)) {
                    throw new IOException(file + ": configuration.json declares a layer of " + value.asLong()
                            + " units but this run's widest layer has " + widest + "; the checkpoint does not belong to this run");
                }
            }
            node.elements().forEachRemaining(stack::add);
        }
    }
}
