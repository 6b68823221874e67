package dev.cadenza.runtime.codec;

import java.util.List;

/** Tokens every vocabulary reserves, at fixed ids, whatever the encoding. */
public final class SpecialTokens {
    public static final String PAD = "<pad>";
    public static final String START = "<start>";
    public static final String END = "<end>";
    public static final String UNKNOWN = "<unk>";

    public static final int PAD_ID = 0;
    public static final int START_ID = 1;
    public static final int END_ID = 2;
    public static final int UNKNOWN_ID = 3;

    /** In id order. */
    public static final List<String> ALL = List.of(PAD, START, END, UNKNOWN);

    private SpecialTokens() {
    }

    public static boolean isSpecial(String token) {
        return ALL.contains(token);
    }
}
