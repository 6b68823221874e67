package dev.cadenza.runtime.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every Cadenza command (the README lists the same), in the order --help shows them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL_ERROR = 70;

    /** For picocli's exit-code list in --help. */
    public static final Map<String, String> HELP = help();

    private ExitCodes() {
    }

    private static Map<String, String> help() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "done");
        codes.put(Integer.toString(USER_ERROR), "user error: a bad file, folder or setting (one line on stderr says which)");
        codes.put(Integer.toString(USAGE), "usage error: an unknown option, or a missing or malformed value");
        codes.put(Integer.toString(INTERNAL_ERROR), "internal error: a bug (CADENZA_DEBUG=1 shows the stack trace)");
        return Collections.unmodifiableMap(codes);
    }
}
