package dev.cadenza.app;

import java.nio.file.Path;

/**
 * File name prefixes for generated pieces. A prefix must be a plain name: letters, digits, '-', '_' and '.', not
 * starting with '.' (hidden files) or '-' (read as an option), and not empty, so that every file lands inside the chosen folder, is visible,
 * and its name survives a terminal, a shell and another operating system.
 */
public final class OutputName {
    public static final int MAX_LENGTH = 100;

    private OutputName() {
    }

    /** Why {@code prefix} is not a plain name, or null when it is. */
    public static String problem(String prefix) {
        if (prefix.isEmpty()) return "is empty";
        if (prefix.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return "holds " + describe(c) + "; use letters, digits, '-', '_' and '.' only";
            }
        }
        if (prefix.startsWith(".")) return "starts with '.' (a hidden file)";
        if (prefix.startsWith("-")) return "starts with '-' (it would read as an option to the next command given the file)";
        return null;
    }

    /**
     * Refuses a prefix given as {@code option} that is not a plain name; null (not given) passes.
     *
     * @throws IllegalArgumentException naming the option, the prefix and the problem
     */
    public static void checkOption(String option, String prefix) {
        if (prefix != null && problem(prefix) != null) {
            throw new IllegalArgumentException(option + " '" + dev.cadenza.runtime.io.Printable.of(prefix) + "' " + problem(prefix));
        }
    }

    /** A plain prefix made from a model file's name: anything else becomes '_'. */
    public static String fromFile(Path file) {
        String n = file.getFileName() == null ? "piece" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        if (dot > 0) n = n.substring(0, dot);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n.length() && out.length() < MAX_LENGTH; i++) {
            char c = n.charAt(i);
            out.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || (c == '.' && i > 0) ? c : '_');
        }
        return out.length() == 0 ? "piece" : out.toString();
    }

    private static String describe(char c) {
        if (c == '/' || c == '\\') return "a path separator '" + c + "'";
        if (Character.isISOControl(c)) return String.format("a control character (\\x%02X)", (int) c);
        if (Character.isWhitespace(c)) return "a space";
        return "'" + c + "'";
    }
}
