package dev.cadenza.runtime.io;

import java.nio.file.Path;

/**
 * Makes text from files safe to print in a one-line message: a hostile file name or chunk id must not break the
 * line, move the cursor or send escape sequences to the user's terminal.
 */
public final class Printable {
    private Printable() {
    }

    /** The text with every control character (newline, escape, DEL, C1 controls) shown as {@code \xNN}. */
    public static String of(String text) {
        if (text == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control) {
                if (out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
                out.append(String.format("\\x%02X", (int) c & 0xffff));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    public static String of(Path path) {
        return of(String.valueOf(path));
    }

    /** Four chunk-id bytes as {@code 'MTrk'} when they are plain ASCII letters and signs, else as hex {@code 0x4D54FF6B}. */
    public static String chunkId(byte[] bytes, int offset) {
        boolean plain = true;
        for (int i = 0; i < 4; i++) {
            int b = bytes[offset + i] & 0xff;
            if (b < 0x20 || b > 0x7e) plain = false;
        }
        if (plain) return "'" + new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII) + "'";
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < 4; i++) hex.append(String.format("%02X", bytes[offset + i] & 0xff));
        return hex.toString();
    }
}
