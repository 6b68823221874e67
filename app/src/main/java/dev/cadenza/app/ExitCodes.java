package dev.cadenza.app;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every Cadenza command, {@code ./cadenza} and the standalone generator alike. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A bad file, folder or setting; one line on stderr says which. */
    public static final int USER_ERROR = 1;
    /** The command line itself: an unknown option, a missing or malformed value. */
    public static final int USAGE = 2;
    /** Stopped by Ctrl-C or SIGTERM after saving what it could (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;
    /** A bug (EX_SOFTWARE of sysexits.h). */
    public static final int INTERNAL_ERROR = 70;

    /** For picocli's exit-code list in --help, in that order. */
    public static final Map<String, String> HELP = help();

    private ExitCodes() {
    }

    private static Map<String, String> help() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "done");
        codes.put(Integer.toString(USER_ERROR), "user error: a bad file, folder or setting (one line on stderr says which)");
        codes.put(Integer.toString(USAGE), "usage error: an unknown option, or a missing or malformed value");
        codes.put(Integer.toString(INTERRUPTED), "stopped by Ctrl-C (train saves first and says what it kept)");
        codes.put(Integer.toString(INTERNAL_ERROR), "internal error: a bug (CADENZA_DEBUG=1 shows the stack trace)");
        return Collections.unmodifiableMap(codes);
    }
}
